import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * BENCH_PROBE=1 loads process-probe.mjs into each Node process under test: each step
 * then reports the target's event-loop delay and utilisation and its GC pauses. Off
 * by default: its 1 ms timer costs the target a little CPU of its own.
 */
const enabled = Boolean(process.env.BENCH_PROBE);
export const probing = enabled;
let dir: string | undefined;

/** Node flags and environment for a process under test. */
export function probeSetup(): { flags: string[]; env: Record<string, string> } {
  if (!enabled) return { flags: [], env: {} };
  dir ??= mkdtempSync(join(tmpdir(), 'parley-bench-probe-'));
  const module = fileURLToPath(new URL('./process-probe.mjs', import.meta.url));
  return { flags: [`--import=${module}`], env: { BENCH_PROBE_DIR: dir } };
}

/** What the probe of `pid` counted since the last read; undefined when probing is off. */
export async function readProbe(pid: number): Promise<unknown> {
  if (!enabled || !dir) return undefined;
  const file = join(dir, `${pid}.json`);
  rmSync(file, { force: true });
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return undefined;
  }
  const deadline = performance.now() + 2000;
  while (!existsSync(file) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
