import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * CPU time from Linux /proc: what the processes under test spent, what the rest of the
 * machine spent meanwhile (other people's work on a shared machine), and how long the
 * main threads sat runnable waiting for a core. CPU time per event barely moves when
 * the machine is busy; latency does, and these say by how much it was disturbed.
 */
const TICK_MS = 10; // USER_HZ is 100 on every Linux kernel Node supports

/** User + system CPU ms of a process, all its threads (exited ones included). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU ms the whole machine spent (every core, every process). */
function machineCpuMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS;
}

/** ms the main thread of `pid` was runnable but not running (no core free for it). */
function runQueueWaitMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
}

/** µs that some task on the machine stalled waiting for `resource` (Linux PSI), if known. */
function stalledUs(resource: 'cpu' | 'io'): number | undefined {
  try {
    const some = readFileSync(`/proc/pressure/${resource}`, 'utf8').split('\n')[0]!;
    return Number(/total=(\d+)/.exec(some)?.[1]);
  } catch {
    return undefined;
  }
}

export interface CpuSample {
  /** CPU ms of the processes under test. */
  targetMs: number;
  /** CPU ms of the benchmark process (the load generator and the subscribers). */
  generatorMs: number;
  /** Cores' worth of CPU used by everything else on the machine meanwhile. */
  otherCores: number;
  /** ms the target's main threads waited for a core. */
  targetRunQueueWaitMs: number;
  /**
   * Share of the step during which some task on the machine waited for a core, and
   * for the disk (Linux pressure stall information); absent where the kernel has none.
   */
  cpuPressure?: number;
  ioPressure?: number;
  /** 1-minute load average at the end. */
  loadAverage: number;
}

/** Starts counting; the returned function reads what was spent since. */
export function startCpuSample(targetPids: number[]): () => CpuSample {
  const read = () => ({
    target: sumCpuMs(targetPids),
    generator: processCpuMs(process.pid),
    machine: machineCpuMs(),
    wait: targetPids.reduce((sum, pid) => sum + runQueueWaitMs(pid), 0),
    cpuStalled: stalledUs('cpu'),
    ioStalled: stalledUs('io'),
    at: performance.now(),
  });
  const start = read();
  return () => {
    const end = read();
    const targetMs = end.target - start.target;
    const generatorMs = end.generator - start.generator;
    const otherMs = end.machine - start.machine - targetMs - generatorMs;
    const share = (from: number | undefined, to: number | undefined) =>
      from === undefined || to === undefined
        ? undefined
        : Math.round(((to - from) / 1000 / (end.at - start.at)) * 100) / 100;
    const cpuPressure = share(start.cpuStalled, end.cpuStalled);
    const ioPressure = share(start.ioStalled, end.ioStalled);
    return {
      targetMs,
      generatorMs,
      otherCores: Math.max(0, Math.round((otherMs / (end.at - start.at)) * 100) / 100),
      targetRunQueueWaitMs: Math.round(end.wait - start.wait),
      ...(cpuPressure === undefined ? {} : { cpuPressure }),
      ...(ioPressure === undefined ? {} : { ioPressure }),
      loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    };
  };
}

/** The processes of a tree: `pid` and its children (nginx's master and its worker). */
export function withChildren(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [pid, ...children];
}

/** Above this many cores used by other processes, a step's latency is not the target's alone. */
export const DISTURBED_ABOVE_CORES = 0.2;

/**
 * Waits (at most `maxWaitMs`) for a second in which the rest of the machine used no more
 * than DISTURBED_ABOVE_CORES: on a shared machine, a step started then is far likelier
 * to run undisturbed. Resolves with how long it waited and the last second's other load.
 */
export async function waitForQuiet(
  ourPids: number[],
  maxWaitMs: number,
): Promise<{ waitedMs: number; otherCores: number }> {
  const start = performance.now();
  const pids = [...ourPids, process.pid];
  for (;;) {
    const before = { machine: machineCpuMs(), ours: sumCpuMs(pids), at: performance.now() };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const ms = performance.now() - before.at;
    const other = machineCpuMs() - before.machine - (sumCpuMs(pids) - before.ours);
    const otherCores = Math.max(0, Math.round((other / ms) * 100) / 100);
    const waitedMs = Math.round(performance.now() - start);
    if (otherCores <= DISTURBED_ABOVE_CORES || waitedMs >= maxWaitMs)
      return { waitedMs, otherCores };
  }
}

function sumCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
}
