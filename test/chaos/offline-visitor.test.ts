import { afterEach, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../support/demo.js';
import { exact, report, tally } from '../support/scenario-report.js';
import { type SeenEvent, WireVisitor } from '../support/wire-visitor.js';

/**
 * A visitor whose network goes away: for 30 s (the stream resumes after the
 * last id it saw, nothing missing), and for longer than the kept history, as a
 * laptop that slept through a busy chat (the stream says `reset` first, and the
 * transcript reload holds everything kept: never a silent gap).
 */

const KEPT = 40;
let t: TestParley | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function visitorWithAgent() {
  t = await startTestParley({ MAX_EVENTS_PER_CONVERSATION: String(KEPT) });
  const visitor = await WireVisitor.start(t.origin, t.origin, { visitor: { name: 'Noor' } });
  await visitor.connect();
  const upstream = await t.upstreamOf(visitor.conversationId);
  t.simulator.accept('agent-alex', upstream.id);
  await visitor.waitFor((v) => v.events().some((e) => e.type === 'participant'));
  const say = (text: string) => t!.simulator.agentMessage('agent-alex', upstream.id, text);
  return { visitor, say };
}

/** True when the events after `from` are contiguous from it, or start with a reset. */
function noSilentGap(events: SeenEvent[], lastIdBefore: number): boolean {
  if (events[0]?.type === 'reset') return true;
  return events.every((event, index) => event.id === lastIdBefore + index + 1);
}

it('resumes after 30 s offline with every message missed, once', async () => {
  const { visitor, say } = await visitorWithAgent();
  const sent: string[] = [];
  say('before');
  sent.push('before');
  await visitor.waitFor((v) => v.messages('agent').length === 1);
  visitor.disconnect();
  const lastId = visitor.lastId;
  const offlineFor = 30_000;
  const started = Date.now();
  // The agent keeps writing while the visitor is away, a message every 3 s.
  for (let n = 1; n <= 10; n++) {
    await new Promise((resolve) => setTimeout(resolve, offlineFor / 10));
    say(`while away ${n}`);
    sent.push(`while away ${n}`);
  }
  const away = Date.now() - started;
  const before = visitor.events().length;
  await visitor.connect();
  await visitor.waitFor((v) => v.messages('agent').length >= sent.length);
  const after = visitor.events().slice(before);
  const counts = tally(sent, visitor.messages('agent'));
  const resumed = noSilentGap(after, lastId) && after[0]?.type !== 'reset';
  report('visitor offline 30 s', exact(counts) && resumed, {
    'agent → visitor': counts,
    reconnect: { 'offline ms': away, 'resumed from id': lastId, 'reset sent': !resumed },
  });
  expect(away).toBeGreaterThanOrEqual(offlineFor);
  expect(exact(counts)).toBe(true);
  expect(resumed).toBe(true);
}, 60_000);

it('says reset after a gap longer than the kept history, and the reload holds what is kept', async () => {
  const { visitor, say } = await visitorWithAgent();
  say('before');
  await visitor.waitFor((v) => v.messages('agent').length === 1);
  visitor.disconnect();
  const lastId = visitor.lastId;
  const missed = Array.from({ length: KEPT * 3 }, (_, i) => `while asleep ${i + 1}`);
  for (const text of missed) say(text);
  const transcriptNow = async () =>
    (await visitor.transcript()).filter((e) => e.type === 'message');
  await new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const poll = async () => {
      const last = (await transcriptNow()).at(-1);
      if (last?.type === 'message' && last.text === missed.at(-1)) return resolve();
      if (Date.now() > deadline) return reject(new Error('the burst never reached the log'));
      setTimeout(poll, 50);
    };
    void poll();
  });

  const before = visitor.events().length;
  await visitor.connect();
  await visitor.waitFor((v) =>
    v
      .events()
      .slice(before)
      .some((e) => e.type === 'message'),
  );
  const after = visitor.events().slice(before);
  const reset = after[0]?.type === 'reset';
  // The widget drops what it shows and reloads the transcript: the kept tail, contiguous.
  const reloaded = await visitor.transcript();
  const reloadedIds = reloaded.map((event) => event.id);
  const contiguous = reloadedIds.every((id, i) => i === 0 || id === reloadedIds[i - 1]! + 1);
  const reloadedTexts = reloaded.flatMap((e) => (e.type === 'message' ? [e.text] : []));
  const keptTail = tally(missed.slice(-reloadedTexts.length), reloadedTexts);
  const verdict = reset && noSilentGap(after, lastId) && contiguous && exact(keptTail);
  report('long gap beyond the kept history', verdict, {
    'agent → log': { sent: missed.length, kept: reloaded.length, limit: KEPT },
    reconnect: {
      'resumed from id': lastId,
      'first kept id': reloadedIds[0] ?? 0,
      'reset sent': reset,
      'reload contiguous': contiguous,
    },
    'reload vs newest sent': keptTail,
  });
  expect(reset).toBe(true);
  expect(reloaded.length).toBeLessThanOrEqual(KEPT);
  expect(reloadedIds[0]).toBeGreaterThan(lastId + 1);
  expect(contiguous).toBe(true);
  expect(exact(keptTail)).toBe(true);
}, 60_000);
