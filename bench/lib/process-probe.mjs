// Loaded into a process under test with `node --import` (BENCH_PROBE=1): on each SIGUSR2 it
// writes what the process did since the last one (CPU time, event-loop delay and utilisation,
// GC pauses) to BENCH_PROBE_DIR/<pid>.json, then starts counting afresh. Plain JavaScript: the proxy under
// test is the built `dist/server/main.js`, run by node without a TypeScript loader.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  const file = join(dir, `${process.pid}.json`);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gc = { count: 0, ms: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.ms += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  let utilisation = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('SIGUSR2', () => {
    const sample = {
      cpuUs: process.cpuUsage(cpu),
      eventLoopUtilisation: performance.eventLoopUtilization(utilisation).utilization,
      eventLoopDelayMs: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
        mean: ms(delay.mean),
      },
      gc,
    };
    writeFileSync(`${file}.tmp`, JSON.stringify(sample));
    renameSync(`${file}.tmp`, file);
    delay.reset();
    gc = { count: 0, ms: 0, maxMs: 0 };
    utilisation = performance.eventLoopUtilization();
    cpu = process.cpuUsage();
  });
}
