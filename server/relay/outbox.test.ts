import { afterEach, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../protocol/events.js';
import { eventually, startGatedParley } from '../../test/support/demo.js';
import { SseClient } from '../../test/support/sse-client.js';

/**
 * The outbox across 8x8 outages, at the HTTP level: the proxy's adapter talks to
 * the simulator through a gate that answers 503, 429 or nothing at all.
 */

type Gated = Awaited<ReturnType<typeof startGatedParley>>;
let t: Gated;
afterEach(() => t?.close());

const QUICK_RETRIES = { OUTBOX_RETRY_BASE_MS: '50', OUTBOX_RETRY_MAX_MS: '200' };
const messagePosts = (path: string) => path.endsWith('/messages');

const statuses = (events: LoggedEvent[], clientMessageId: string) =>
  events.flatMap((event) =>
    event.type === 'message-status' && event.clientMessageId === clientMessageId
      ? [event.reason ? `${event.status}: ${event.reason}` : event.status]
      : [],
  );

describe('the outbox', () => {
  it('keeps messages while 8x8 is down and delivers them once, in order, when it returns', async () => {
    t = await startGatedParley(QUICK_RETRIES);
    const credentials = await t.startConversation();
    const stream = await SseClient.open(t.streamUrl(credentials));
    t.gate.fail({ kind: 'status', status: 503 }, (_method, path) => messagePosts(path));

    const first = await t.send(credentials, 'message-0001', 'one');
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({
      clientMessageId: 'message-0001',
      status: 'pending',
    });
    // Later messages wait behind the first: they are not even tried.
    const attemptsBefore = t.gate.calls.length;
    for (const [id, text] of [
      ['message-0002', 'two'],
      ['message-0003', 'three'],
    ] as const) {
      expect(await (await t.send(credentials, id, text)).json()).toMatchObject({
        status: 'pending',
      });
    }
    await eventually(() => t.gate.calls.length >= attemptsBefore + 3); // m1 retried meanwhile
    expect((await t.upstreamOf(credentials.conversationId)).messages).toHaveLength(0);
    expect(await t.parley.store.outbox.depth()).toBe(3);

    t.gate.heal();
    await stream.waitFor(
      (s) =>
        s.events().filter((e) => e.type === 'message-status' && e.status === 'sent').length === 3,
    );
    stream.close();
    const upstream = await t.upstreamOf(credentials.conversationId);
    expect(upstream.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);

    const log = await t.logOf(credentials.conversationId);
    expect(statuses(log, 'message-0001')).toEqual([
      expect.stringMatching(/^pending: 8x8 answered 503/),
      'sent',
    ]);
    expect(statuses(log, 'message-0002')).toEqual(['sent']);
    // The widget sees each message once, pending first, then sent.
    const visitorMessages = stream.events().filter((e) => e.type === 'message');
    expect(visitorMessages.map((e) => e.text)).toEqual(['one', 'two', 'three']);

    // A repeat of a delivered message answers its result and posts nothing.
    const repeat = await t.send(credentials, 'message-0001', 'one');
    expect(await repeat.json()).toEqual({ clientMessageId: 'message-0001', status: 'sent' });
    expect((await t.upstreamOf(credentials.conversationId)).messages).toHaveLength(3);
    expect(await t.parley.store.outbox.depth()).toBe(0);
  });

  it('retries after 429 and timeouts alike', async () => {
    t = await startGatedParley({ ...QUICK_RETRIES, CC_TIMEOUT_MS: '300' });
    const credentials = await t.startConversation();
    t.gate.fail({ kind: 'status', status: 429, retryAfterSeconds: 1 }, (_m, path) =>
      messagePosts(path),
    );
    expect(await (await t.send(credentials, 'message-0429', 'busy')).json()).toMatchObject({
      status: 'pending',
      reason: expect.stringMatching(/429/),
    });
    t.gate.fail({ kind: 'hang' }, (_m, path) => messagePosts(path));
    const hung = t.gate.calls.length;
    await eventually(() => t.gate.calls.length > hung);
    t.gate.heal();
    await eventually(async () =>
      statuses(await t.logOf(credentials.conversationId), 'message-0429').includes('sent'),
    );
    expect((await t.upstreamOf(credentials.conversationId)).messages.map((m) => m.text)).toEqual([
      'busy',
    ]);
  });

  it('answers pending within seconds while 8x8 hangs, and delivers once it answers', async () => {
    t = await startGatedParley({ ...QUICK_RETRIES, CC_TIMEOUT_MS: '30000' });
    const credentials = await t.startConversation();
    t.gate.fail({ kind: 'hang' }, (_m, path) => messagePosts(path));
    const started = Date.now();
    const answer = await t.send(credentials, 'message-hang', 'are you there?');
    expect(await answer.json()).toEqual({ clientMessageId: 'message-hang', status: 'pending' });
    expect(Date.now() - started).toBeLessThan(10_000);
    t.gate.heal(); // the hung call fails; the retry goes through
    await eventually(async () =>
      statuses(await t.logOf(credentials.conversationId), 'message-hang').includes('sent'),
    );
    expect((await t.upstreamOf(credentials.conversationId)).messages).toHaveLength(1);
  }, 20_000);

  it('fails a message 8x8 refuses for good, with its reason, and goes on with the next', async () => {
    t = await startGatedParley(QUICK_RETRIES);
    const credentials = await t.startConversation();
    t.gate.fail({ kind: 'status', status: 400 }, (_m, path) => messagePosts(path));
    const refused = await t.send(credentials, 'message-0400', 'bad');
    expect(await refused.json()).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/8x8 answered 400/),
    });
    t.gate.heal();
    expect(await (await t.send(credentials, 'message-0401', 'good')).json()).toMatchObject({
      status: 'sent',
    });
    const log = await t.logOf(credentials.conversationId);
    expect(statuses(log, 'message-0400')).toEqual([
      expect.stringMatching(/^failed: 8x8 answered 400/),
    ]);
    expect((await t.upstreamOf(credentials.conversationId)).messages.map((m) => m.text)).toEqual([
      'good',
    ]);
  });

  it('gives up after the deadline and says why', async () => {
    t = await startGatedParley({ ...QUICK_RETRIES, OUTBOX_GIVE_UP_SECONDS: '1' });
    const credentials = await t.startConversation();
    t.gate.fail({ kind: 'status', status: 503 }, (_m, path) => messagePosts(path));
    await t.send(credentials, 'message-late', 'too late');
    await eventually(
      async () => statuses(await t.logOf(credentials.conversationId), 'message-late').length === 2,
      5000,
    );
    expect(statuses(await t.logOf(credentials.conversationId), 'message-late')).toEqual([
      expect.stringMatching(/^pending/),
      expect.stringMatching(/^failed: The contact center could not take the message in time/),
    ]);
    expect(await t.parley.store.outbox.depth()).toBe(0);
  });

  it('fails what is still waiting when the visitor ends the chat', async () => {
    t = await startGatedParley({ OUTBOX_RETRY_BASE_MS: '60000', OUTBOX_RETRY_MAX_MS: '60000' });
    const credentials = await t.startConversation();
    t.gate.fail({ kind: 'status', status: 503 }, (_m, path) => messagePosts(path));
    await t.send(credentials, 'message-left', 'bye');
    t.gate.heal();
    const closed = await t.call(`/v1/conversations/${credentials.conversationId}/close`, {
      method: 'POST',
      token: credentials.token,
    });
    expect(closed.status).toBe(204);
    expect(statuses(await t.logOf(credentials.conversationId), 'message-left')).toEqual([
      expect.stringMatching(/^pending/),
      'failed: The chat ended before the contact center could take this message.',
    ]);
    expect((await t.upstreamOf(credentials.conversationId)).messages).toHaveLength(0);
  });
});
