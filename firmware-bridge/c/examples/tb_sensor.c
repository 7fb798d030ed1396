/*
 * A sensor firmware's main loop, for a host: writes frames to a serial line (a path, e.g. one end
 * of a socat pseudo-terminal pair) or to stdout ("-"), then waits for the host's login request and
 * answers it with an event carrying the nonce — so both the encoder and the decoder run for real.
 *   tb_sensor PATH|- [READINGS]
 * It also writes what a noisy line would carry: junk before the first delimiter and one frame with
 * a flipped bit; the host must count and skip both. POSIX I/O here; the library itself has none.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tet_bridge.h"

static uint8_t work[512], out[600];
static int fd_out, fd_in;

static void send_bytes(const uint8_t *b, size_t n) {
  while (n > 0) {
    ssize_t k = write(fd_out, b, n);
    if (k <= 0) exit(2);
    b += k;
    n -= (size_t)k;
  }
}
static void send_frame(tb_writer *w) {
  size_t n = tb_end(w, out, sizeof out);
  if (n == 0) exit(3);
  send_bytes(out, n);
}

int main(int argc, char **argv) {
  static const char *const sensors[] = {"temperature", "humidity", "door"};
  static const uint8_t junk[] = {0x55, 0x55, 0x55, 0x00};
  tb_writer w;
  tb_reading r[2];
  tb_decoder d;
  tb_frame f;
  tb_value v;
  uint8_t byte, nonce[16];
  char hex[33];
  uint64_t ts;
  int i, count = argc > 2 ? atoi(argv[2]) : 3, n;
  size_t len;

  if (argc < 2) return 1;
  if (strcmp(argv[1], "-") == 0) {
    fd_out = 1;
    fd_in = 0;
  } else {
    fd_out = fd_in = open(argv[1], O_RDWR | O_NOCTTY);
    if (fd_out < 0) return 1;
  }
  send_bytes(junk, sizeof junk); /* line noise at power-up */
  tb_hello(&w, work, sizeof work, "1.0.0", "tb-sensor", sensors, 3);
  send_frame(&w);
  for (i = 0; i < count; i++) {
    r[0].name = "temperature";
    r[0].unit = "Cel";
    r[0].value.kind = TB_V_FLOAT;
    r[0].value.u.f = 20.0 + 0.5 * i;
    tb_reading_msg(&w, work, sizeof work, &r[0]);
    send_frame(&w);
  }
  /* A frame damaged on the line: one payload bit flipped after the CRC was computed. */
  r[0].value.u.f = 99.5;
  tb_reading_msg(&w, work, sizeof work, &r[0]);
  len = tb_end(&w, out, sizeof out);
  w.buf[4] ^= 0x01;
  len = tb_cobs_encode(w.buf, w.len, out, sizeof out);
  out[len++] = 0;
  send_bytes(out, len);

  r[1].name = "humidity";
  r[1].unit = "%RH";
  r[1].value.kind = TB_V_INT;
  r[1].value.u.i = 45;
  r[0].value.u.f = 22.25;
  tb_batch(&w, work, sizeof work, r, 2);
  send_frame(&w);
  v.kind = TB_V_BOOL;
  v.u.b = 1;
  tb_event(&w, work, sizeof work, "door", &v);
  send_frame(&w);

  /* Wait for the host's login request; answer with the nonce, then stop. */
  tb_decoder_init(&d);
  while ((n = (int)read(fd_in, &byte, 1)) == 1) {
    if (tb_feed(&d, byte, &f) != 1 || tb_login(&f, &ts, nonce) != TB_OK) continue;
    for (i = 0; i < 16; i++) sprintf(hex + 2 * i, "%02x", nonce[i]);
    v.kind = TB_V_TEXT;
    v.u.s = hex;
    tb_event(&w, work, sizeof work, "login", &v);
    send_frame(&w);
    return 0;
  }
  return 4;
}
