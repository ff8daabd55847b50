import { startParleyUnderTest } from './lib/parley-under-test.js';
import { rssOf } from './lib/rss.js';
import { openSseClients } from './lib/sse-clients.js';

export interface MemoryResult {
  rssBytes: Record<string, number>;
  bytesPerStream: number;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 3000));

/** Proxy RSS with 0, then `steps` idle streams open; bytes per stream from the largest step. */
export async function benchMemory(options: {
  steps: number[];
  env?: Record<string, string>;
}): Promise<MemoryResult> {
  const largest = Math.max(...options.steps);
  const parley = await startParleyUnderTest({ conversations: largest, env: options.env });
  const pools: { close(): void }[] = [];
  try {
    await settle();
    const rssBytes: Record<string, number> = { '0': rssOf(parley.pids[0]!) };
    console.log(`  memory: 0 streams → ${(rssBytes['0']! / 1048576).toFixed(1)} MiB`);
    let open = 0;
    for (const target of options.steps) {
      const indexes = Array.from({ length: target - open }, (_, i) => open + i);
      const pool = await openSseClients({
        port: parley.ports[0]!,
        paths: indexes.map((i) => parley.streamPath(i)),
        onEvent: () => {},
      });
      if (pool.failed > 0) throw new Error(`${pool.failed} streams failed to open`);
      pools.push(pool);
      open = target;
      await settle();
      rssBytes[String(target)] = rssOf(parley.pids[0]!);
      console.log(
        `  memory: ${target} streams → ${(rssBytes[String(target)]! / 1048576).toFixed(1)} MiB`,
      );
    }
    const bytesPerStream = Math.round((rssBytes[String(largest)]! - rssBytes['0']!) / largest);
    return { rssBytes, bytesPerStream };
  } finally {
    for (const pool of pools) pool.close();
    await parley.stop();
  }
}
