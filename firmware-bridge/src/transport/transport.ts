/** What a transport tells the bridge: bytes arrived, something failed, the line closed. */
export interface TransportHandlers {
  data(chunk: Uint8Array): void;
  error(error: Error): void;
  close(): void;
}

/**
 * A byte pipe to a microcontroller: serial port, TCP socket or a program's stdin/stdout. The frame
 * protocol runs on top; a transport knows nothing about frames. `open` resolves once bytes can flow.
 */
export interface Transport {
  /** For logs, e.g. "serial /dev/ttyUSB0@115200". */
  readonly description: string;
  open(handlers: TransportHandlers): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
