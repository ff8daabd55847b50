import { expect, it } from 'vitest';
import type { LoggedEvent } from '../../protocol/events.js';
import { applyEvent } from '../../widget/app/apply-event.js';
import { createChatState } from '../../widget/app/chat-state.js';
import { closeAfterEach } from '../support/cleanup.js';
import { eventually, startGatedParley } from '../support/demo.js';
import { startLossyHop } from '../support/lossy-hop.js';
import { exact, report, tally } from '../support/scenario-report.js';
import { WireVisitor } from '../support/wire-visitor.js';

/**
 * 8x8 delivers webhooks at least once and not always in order: the simulator
 * duplicates, reorders and delays them, and a hop loses the proxy's 2xx so 8x8
 * retries events already stored (x-8x8-retry > 0). The visitor must see each
 * agent message exactly once, and every viewer the same order (the log's); the
 * widget, which places 8x8's messages by 8x8's timestamp, shows the agent's order.
 */

const closing = closeAfterEach();

it('shows every agent message once through duplicated, reordered, delayed and retried webhooks', async () => {
  const t = await startGatedParley();
  closing.push(() => t.close());
  const hop = await startLossyHop(t.origin);
  closing.push(() => hop.close());
  const sim = t.simulator;
  const visitor = await WireVisitor.start(t.origin, t.origin, { visitor: { name: 'Wren' } });
  await visitor.connect();
  const upstream = await t.upstreamOf(visitor.conversationId);
  sim.accept('agent-alex', upstream.id);
  await visitor.waitFor((v) => v.events().some((e) => e.type === 'participant'));
  for (const webhook of sim.webhooks.values()) webhook.uri = `${hop.url}/webhooks/8x8`;
  const retries: number[] = [];
  sim.on('delivery', (delivery: { retry: number }) => retries.push(delivery.retry));

  const sent: string[] = [];
  // An agent's messages are milliseconds apart at least: 8x8's timestamps tell them apart.
  const say = async (text: string) => {
    sent.push(text);
    sim.agentMessage('agent-alex', upstream.id, text);
    await new Promise((resolve) => setTimeout(resolve, 2));
  };
  sim.faults.webhooks.add('duplicate', 10);
  for (let n = 1; n <= 10; n++) await say(`duplicated ${n}`);
  for (let n = 1; n <= 10; n++) {
    if (n % 3 === 1) sim.faults.webhooks.add('reorder', 1);
    await say(`reordered ${n}`);
  }
  sim.faults.webhooks.add('delay', 2, 2000);
  for (let n = 1; n <= 6; n++) await say(`delayed ${n}`);
  await eventually(() => sim.sender.pending === 0, 20_000);
  hop.loseAcks(6);
  for (let n = 1; n <= 8; n++) await say(`retried ${n}`);

  await visitor.waitFor((v) => v.messages('agent').length >= sent.length, 30_000);
  await eventually(() => sim.sender.pending === 0, 20_000);
  const seen = visitor.messages('agent');
  const counts = tally(sent, seen);
  const logOrder = (await visitor.transcript())
    .filter((event) => event.type === 'message' && event.role === 'agent')
    .map((event) => (event.type === 'message' ? event.text : ''));
  const ids = visitor.events().map((event) => event.id);
  const ordered = ids.every((id, index) => index === 0 || id > ids[index - 1]!);
  const phaseOrder = (prefix: string) => {
    const mine = seen.filter((text) => text.startsWith(prefix));
    return exact(
      tally(
        sent.filter((text) => text.startsWith(prefix)),
        mine,
      ),
    );
  };
  // What the widget shows: the same events through its one event → state function.
  const widget = createChatState();
  for (const event of visitor.events()) {
    if (event.type !== 'reset') applyEvent(widget, event as LoggedEvent);
  }
  const shown = widget.timeline.value.flatMap((item) =>
    item.kind === 'message' && item.role === 'agent' ? [item.text] : [],
  );
  const arrivedReordered = seen.filter((text, i) => text !== sent[i]).length;
  const verdict =
    JSON.stringify(shown) === JSON.stringify(sent) &&
    counts.duplicated === 0 &&
    counts.lost === 0 &&
    counts.foreign === 0 &&
    ordered &&
    phaseOrder('duplicated') &&
    phaseOrder('retried') &&
    JSON.stringify(seen) === JSON.stringify(logOrder);
  report('webhooks duplicated, reordered, delayed, retried', verdict, {
    'agent → visitor': counts,
    deliveries: {
      total: retries.length,
      retries: retries.filter((retry) => retry > 0).length,
      'acks lost': 6,
      'forwarded to proxy': hop.forwarded,
    },
    'visitor view': {
      'ids increasing': ordered,
      'same as transcript': seen.join() === logOrder.join(),
      'arrived out of order': arrivedReordered,
      'widget shows the agent’s order': shown.join() === sent.join(),
    },
  });
  expect(counts).toMatchObject({ duplicated: 0, lost: 0, foreign: 0 });
  expect(retries.filter((retry) => retry > 0).length).toBeGreaterThanOrEqual(6);
  expect(ordered).toBe(true);
  expect(seen).toEqual(logOrder);
  expect(arrivedReordered).toBeGreaterThan(0);
  expect(shown).toEqual(sent);
  expect(phaseOrder('duplicated')).toBe(true);
  expect(phaseOrder('retried')).toBe(true);
  expect(verdict).toBe(true);
}, 90_000);
