// Benchmark child: the load generator, in its own process on its own core. It says "ready", then runs
// each job it receives over IPC, `{ port, ids, path?, mode: "open" | "closed", rate, seconds, concurrency }`,
// and answers each with its result; one process serves the warm-up and the measured runs, so its own
// JIT warm-up is not measured. Open loop: request i is due at start + i/rate and sent from a 1 ms
// timer tick (never waiting for answers); latency runs from the actual send to the end of the
// response, and the send lag behind schedule is reported separately. Closed loop: `concurrency`
// keep-alive connections, each sending its next request on an answer.
import http from "node:http";

interface Job {
  port: number;
  ids: string[];
  path?: string;
  mode: "open" | "closed";
  rate: number;
  seconds: number;
  concurrency: number;
}
const send = process.send?.bind(process) as (m: unknown) => boolean;

async function run(job: Job) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency, noDelay: true });
  const lat: number[] = [];
  const lag: number[] = [];
  let bad = 0;
  const get = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const id = job.ids[Math.floor(Math.random() * job.ids.length)];
      const path = job.path ?? `/v1/objects/${id}`;
      const done = (status: number) => {
        lat.push(performance.now() - t);
        if (status !== 200) bad++;
        resolve();
      };
      http
        .get({ host: "127.0.0.1", port: job.port, agent, path }, (res) => {
          res.resume();
          res.on("end", () => done(res.statusCode ?? 0));
        })
        .on("error", () => done(0));
    });

  const start = performance.now();
  if (job.mode === "open") {
    const n = job.rate * job.seconds;
    const inflight: Promise<void>[] = [];
    let i = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const now = performance.now();
        while (i < n && start + (i * 1000) / job.rate <= now) {
          lag.push(now - (start + (i * 1000) / job.rate));
          inflight.push(get());
          i++;
        }
        if (i === n) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    await Promise.all(inflight);
  } else {
    const end = start + job.seconds * 1000;
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        while (performance.now() < end) await get();
      }),
    );
  }
  agent.destroy();
  return { lat, lag, bad, seconds: (performance.now() - start) / 1000 };
}

let queue = Promise.resolve();
process.on("message", (m) => {
  queue = queue.then(async () => void send(await run(m as Job)));
});
process.on("disconnect", () => process.exit(0));
send("ready");
