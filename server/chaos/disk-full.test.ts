import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../test-support/demo.js';
import { startProxyProcess } from '../test-support/proxy-process.js';
import { exact, report, tally } from '../test-support/scenario-report.js';
import { startSimulated8x8 } from '../test-support/simulated-8x8.js';
import { WireVisitor } from '../test-support/wire-visitor.js';

/**
 * The proxy's data directory on a real, small filesystem (a tmpfs mounted for
 * the test; we run as root) that fills up: webhooks must be answered non-2xx
 * (8x8 keeps them and retries), /readyz must say not ready, one clear log line
 * must say why, and the process must stay up. When space comes back, 8x8's
 * retries land and the visitor gets every message once.
 */

const ORIGIN = 'https://shop.example';
let closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closing.reverse()) await close().catch(() => {});
  closing = [];
});

function mountSmallFilesystem(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-chaos-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
  closing.push(async () => {
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Fills the filesystem with one file until ENOSPC; removing the file frees it all. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  const block = Buffer.alloc(64 * 1024, 1);
  writeFileSync(filler, '');
  for (;;) {
    try {
      writeFileSync(filler, block, { flag: 'a' });
    } catch {
      break;
    }
  }
  // Small writes may still fit in a last partial block.
  for (;;) {
    try {
      writeFileSync(filler, Buffer.alloc(512, 1), { flag: 'a' });
    } catch {
      return filler;
    }
  }
}

it('answers webhooks 503 and is not ready while the disk is full, then catches up', async () => {
  const dataDir = mountSmallFilesystem();
  const upstream = await startSimulated8x8();
  closing.push(() => upstream.close());
  const proxy = await startProxyProcess({
    ...upstream.env(),
    PORT: '0',
    DATA_DIR: dataDir,
    ALLOWED_ORIGINS: ORIGIN,
    LOG_LEVEL: 'warn',
  });
  closing.push(() => proxy.kill());
  upstream.deliverTo(proxy.url);
  const ready = async () => (await fetch(`${proxy.url}/readyz`)).status;

  const visitor = await WireVisitor.start(proxy.url, ORIGIN, { visitor: { name: 'Ines' } });
  await visitor.connect();
  const conversation = [...upstream.simulator.conversations.values()].at(-1)!;
  upstream.simulator.accept('agent-alex', conversation.id);
  await visitor.waitFor((v) => v.events().some((e) => e.type === 'participant'));
  expect(await ready()).toBe(200);

  const statuses: (number | string)[] = [];
  upstream.simulator.on('delivery', (delivery: { status: number | string }) =>
    statuses.push(delivery.status),
  );
  const filler = fill(dataDir);
  const sent = Array.from({ length: 20 }, (_, i) => `while full ${i + 1}`);
  for (const text of sent) upstream.simulator.agentMessage('agent-alex', conversation.id, text);
  await eventually(() => statuses.filter((status) => status !== 200).length >= 10, 20_000);
  const readinessWhileFull = await ready();
  const refused = statuses.filter((status) => status !== 200 && status !== 202);
  const logged = proxy.output();
  let exited = false;
  void proxy.exited.then(() => (exited = true));

  rmSync(filler);
  await visitor.waitFor((v) => v.messages('agent').length >= sent.length, 40_000);
  await eventually(async () => (await ready()) === 200, 10_000);
  const counts = tally(sent, visitor.messages('agent'));
  const clearLine = /storage[^"]*not writable[^"]*disk is full/i.test(logged);
  const verdict =
    refused.length > 0 &&
    refused.every((status) => status === 503) &&
    readinessWhileFull === 503 &&
    clearLine &&
    !exited &&
    exact(counts);
  report('disk full (a 4 MB tmpfs filled up)', verdict, {
    webhooks: {
      'answered non-2xx while full': refused.length,
      'statuses seen': [...new Set(statuses)].join('/'),
    },
    readiness: { 'while full': readinessWhileFull, after: 200 },
    process: { 'still running': !exited, 'clear log line': clearLine },
    'agent → visitor after space came back': counts,
  });
  expect(refused.length).toBeGreaterThan(0);
  expect(new Set(refused)).toEqual(new Set([503]));
  expect(readinessWhileFull).toBe(503);
  expect(clearLine).toBe(true);
  expect(exited).toBe(false);
  expect(exact(counts)).toBe(true);
}, 90_000);
