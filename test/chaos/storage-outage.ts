import { expect } from 'vitest';
import { eventually } from '../support/demo.js';
import { startProxyProcess } from '../support/proxy-process.js';
import { exact, report, tally } from '../support/scenario-report.js';
import { startSimulated8x8 } from '../support/simulated-8x8.js';
import { WireVisitor } from '../support/wire-visitor.js';

const ORIGIN = 'https://shop.example';

export interface StorageOutage {
  scenario: string;
  /** The proxy's storage settings (DATA_DIR, REDIS_URL...). */
  env: Record<string, string>;
  /** Makes the store unable to write; `undo` gives the room back. */
  exhaust(): Promise<{ undo(): Promise<void> }>;
  /** What the clear log line must say. */
  logLine: RegExp;
  closing: (() => Promise<unknown>)[];
}

/**
 * The proxy (a real process) whose store stops taking writes in the middle of
 * a conversation: 8x8's webhooks must be answered 503 (8x8 keeps them and
 * retries), /readyz must say not ready, one clear log line must say why, and
 * the process must stay up. When room comes back, 8x8's retries land and the
 * visitor gets every message once, in order.
 */
export async function storageOutage(outage: StorageOutage) {
  const upstream = await startSimulated8x8();
  outage.closing.push(() => upstream.close());
  const proxy = await startProxyProcess({
    ...upstream.env(),
    PORT: '0',
    ALLOWED_ORIGINS: ORIGIN,
    LOG_LEVEL: 'warn',
    ...outage.env,
  });
  outage.closing.push(() => proxy.kill());
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
  const full = await outage.exhaust();
  // Agent messages until the store refuses ten of them: a SQLite WAL that already has room
  // (checkpointed, not truncated) takes some writes on a full disk before one needs space.
  const sent: string[] = [];
  const refusals = () => statuses.filter((status) => status !== 200).length;
  for (let batch = 0; batch < 50 && refusals() < 10; batch++) {
    for (let i = 0; i < 20; i++) {
      const text = `while full ${sent.length + 1}`;
      sent.push(text);
      upstream.simulator.agentMessage('agent-alex', conversation.id, text);
    }
    await eventually(() => statuses.length >= sent.length || refusals() >= 10, 20_000).catch(
      () => {},
    );
  }
  await eventually(() => refusals() >= 10, 20_000);
  const readinessWhileFull = await ready();
  const refused = statuses.filter((status) => status !== 200 && status !== 202);
  const logged = proxy.output();
  let exited = false;
  void proxy.exited.then(() => (exited = true));

  await full.undo();
  await visitor.waitFor((v) => v.messages('agent').length >= sent.length, 40_000);
  await eventually(async () => (await ready()) === 200, 10_000);
  const counts = tally(sent, visitor.messages('agent'));
  const clearLine = outage.logLine.test(logged);
  const verdict =
    refused.length > 0 &&
    refused.every((status) => status === 503) &&
    readinessWhileFull === 503 &&
    clearLine &&
    !exited &&
    exact(counts);
  report(outage.scenario, verdict, {
    webhooks: {
      'answered non-2xx while full': refused.length,
      'statuses seen': [...new Set(statuses)].join('/'),
    },
    readiness: { 'while full': readinessWhileFull, after: 200 },
    process: { 'still running': !exited, 'clear log line': clearLine },
    'agent → visitor after room came back': counts,
  });
  visitor.disconnect();
  expect(refused.length).toBeGreaterThan(0);
  expect(new Set(refused)).toEqual(new Set([503]));
  expect(readinessWhileFull).toBe(503);
  expect(clearLine).toBe(true);
  expect(exited).toBe(false);
  expect(exact(counts)).toBe(true);
}
