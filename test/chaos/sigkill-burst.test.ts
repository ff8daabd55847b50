import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { closeAfterEach } from '../support/cleanup.js';
import { eventually } from '../support/demo.js';
import { type ProxyProcess, startProxyProcess } from '../support/proxy-process.js';
import { exact, report, tally } from '../support/scenario-report.js';
import { startSimulated8x8 } from '../support/simulated-8x8.js';
import { WireVisitor } from '../support/wire-visitor.js';

/**
 * A burst of 1,000 agent messages; the proxy (a real child process on a real
 * SQLite file) is SIGKILLed in the middle and started again on the same file and
 * port. 8x8 retries what went unacknowledged, the visitor reconnects after the
 * last id it saw: it must end up with all 1,000, once each, in order.
 */

const ORIGIN = 'https://shop.example';
const BURST = 1000;
const closing = closeAfterEach();

it('loses and doubles none of 1,000 agent messages across a SIGKILL', async () => {
  const upstream = await startSimulated8x8();
  closing.push(() => upstream.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-chaos-kill-'));
  closing.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const start = async (port = 0): Promise<ProxyProcess> => {
    const proxy = await startProxyProcess({
      ...upstream.env(),
      PORT: String(port),
      DATA_DIR: dataDir,
      ALLOWED_ORIGINS: ORIGIN,
      LOG_LEVEL: 'warn',
    });
    closing.push(() => proxy.kill());
    upstream.deliverTo(proxy.url);
    return proxy;
  };

  const first = await start();
  const visitor = await WireVisitor.start(first.url, ORIGIN, { visitor: { name: 'Kai' } });
  await visitor.connect();
  const conversation = [...upstream.simulator.conversations.values()].at(-1)!;
  upstream.simulator.accept('agent-alex', conversation.id);
  await visitor.waitFor((v) => v.events().some((e) => e.type === 'participant'));

  const sent = Array.from({ length: BURST }, (_, i) => `burst ${i + 1}`);
  for (const text of sent) upstream.simulator.agentMessage('agent-alex', conversation.id, text);
  await visitor.waitFor((v) => v.messages('agent').length >= 100, 30_000);
  await first.kill();
  const beforeKill = visitor.messages('agent').length;
  visitor.disconnect();

  const second = await start(first.port);
  await visitor.connect(second.url);
  await visitor.waitFor((v) => v.messages('agent').length >= BURST, 120_000);
  await eventually(() => upstream.simulator.sender.pending === 0, 30_000);
  const counts = tally(sent, visitor.messages('agent'));
  const ids = visitor.events().map((event) => event.id);
  const contiguous = ids.every((id, index) => index === 0 || id === ids[index - 1]! + 1);
  const verdict = exact(counts) && contiguous;
  report('SIGKILL during a burst of 1,000 agent messages', verdict, {
    'agent → visitor': counts,
    crash: { 'seen before the kill': beforeKill, 'event ids contiguous': contiguous },
  });
  visitor.disconnect();
  expect(counts).toMatchObject({ sent: BURST, lost: 0, duplicated: 0, reordered: 0, foreign: 0 });
  expect(beforeKill).toBeLessThan(BURST);
  expect(contiguous).toBe(true);
}, 180_000);
