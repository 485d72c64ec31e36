// The raw argon2id rate at the configured cost, without any server: `concurrency` calls kept in
// flight for `seconds`, in a process of its own like the server's (same libuv thread pool, the
// pool that @node-rs/argon2 runs its work on). Prints one JSON line: {"mode","ops","perSecond",
// "cpuUsPerOp","loopDelayP99Ms"}: the last shows the hashing is off the event loop (a hash on it would stall
// the loop for its whole duration, ~15 ms each).
// Usage: node --import tsx bench/raw-argon2.ts <hash|verify> <seconds> <concurrency> <memKiB> <t> <p>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { hash, verify } from '@node-rs/argon2';

const [mode, secondsArg, concurrencyArg, memoryArg, timeArg, lanesArg] = process.argv.slice(2);
const params = { memoryCost: Number(memoryArg), timeCost: Number(timeArg), parallelism: Number(lanesArg) };
const seconds = Number(secondsArg);
const concurrency = Number(concurrencyArg);
const password = 'Password1-bench';
const stored = await hash(password, params);

let ops = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const deadline = started + seconds * 1000;
async function loop(): Promise<void> {
  while (performance.now() < deadline) {
    if (mode === 'verify') {
      if (!(await verify(stored, password))) throw new Error('verify failed');
    } else {
      await hash(password, params);
    }
    ops++;
  }
}
await Promise.all(Array.from({ length: concurrency }, loop));
const elapsed = (performance.now() - started) / 1000;
loopDelay.disable();
const cpu = process.cpuUsage(cpuBefore);
const cpuUsPerOp = (cpu.user + cpu.system) / ops;
console.log(JSON.stringify({ mode, ops, perSecond: ops / elapsed, cpuUsPerOp, loopDelayP99Ms: loopDelay.percentile(99) / 1e6 }));
