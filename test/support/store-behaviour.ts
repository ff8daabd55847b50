import { afterEach, describe, expect, it } from 'vitest';
import type { LoggedEvent, ParleyEvent } from '../../protocol/events.js';
import type { OutboxMessage, Retention, Store } from '../../server/store/store.js';

/**
 * The behaviour every Store must have, as one suite: the embedded SQLite store
 * runs it (store/sqlite/sqlite-store.test.ts) and so must any other implementation (Redis).
 * `open` gives a store on fresh, empty data; `reopen` a second handle on the same
 * data, as a restarted process would get.
 */
export interface StoreFactory {
  open(retention: Retention): Promise<{
    store: Store;
    reopen: () => Promise<Store>;
    destroy: () => Promise<void>;
  }>;
}

const DEFAULTS: Retention = {
  maxEventsPerConversation: 1000,
  maxEventAgeMs: 30 * 24 * 3600_000,
  keepSettledMessagesMs: 24 * 3600_000,
};

/** The agent's message number `n`, as the stores' tests append them. */
export const agentMessage = (n: number): ParleyEvent => ({
  type: 'message',
  messageId: `m${n}`,
  role: 'agent',
  text: `message ${n}`,
  attachments: [],
});

/** A valid event time: the Redis bus checks what it receives against the event schema. */
const EPOCH = new Date(0).toISOString();

const ids = (events: LoggedEvent[]) => events.map((event) => event.id);

const outboxMessage = (
  conversationId: string,
  clientMessageId: string,
  patch: Partial<OutboxMessage> = {},
): OutboxMessage => ({
  conversationId,
  clientMessageId,
  text: `text of ${clientMessageId}`,
  attachmentIds: [],
  createdAt: Date.now(),
  status: 'pending',
  attempts: 0,
  nextAttemptAt: Date.now(),
  ...patch,
});

async function until(check: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function storeBehaviour(name: string, factory: StoreFactory) {
  describe(`${name}: store behaviour`, () => {
    const opened: { destroy: () => Promise<void> }[] = [];
    const handles: Store[] = [];
    const open = async (retention: Partial<Retention> = {}) => {
      const made = await factory.open({ ...DEFAULTS, ...retention });
      opened.push(made);
      handles.push(made.store);
      return {
        ...made.store,
        store: made.store,
        reopen: async () => {
          const again = await made.reopen();
          handles.push(again);
          return again;
        },
      };
    };
    afterEach(async () => {
      for (const store of handles.splice(0)) await store.close().catch(() => {});
      for (const made of opened.splice(0)) await made.destroy();
    });

    describe('the event log', () => {
      it('gives increasing ids per conversation and reads after an id', async () => {
        const { events } = await open();
        await events.append('a', [agentMessage(1), agentMessage(2)]);
        await events.append('b', [agentMessage(1)]);
        await events.append('a', [agentMessage(3)]);
        const read = await events.readAfter('a', 1, 100);
        expect(ids(read.events)).toEqual([2, 3]);
        expect(read.events.map((e) => (e.type === 'message' ? e.text : ''))).toEqual([
          'message 2',
          'message 3',
        ]);
        expect(ids((await events.readAfter('b', 0, 100)).events)).toEqual([1]);
        expect(ids((await events.readAfter('a', 0, 2)).events)).toEqual([1, 2]);
      });

      it('gives unique consecutive ids to concurrent appends', async () => {
        const { events } = await open();
        await Promise.all(
          Array.from({ length: 50 }, (_, n) => events.append('a', [agentMessage(n)])),
        );
        expect(ids((await events.readAfter('a', 0, 100)).events)).toEqual(
          Array.from({ length: 50 }, (_, n) => n + 1),
        );
      });

      it('appends a keyed batch once, however often it is retried', async () => {
        const { events } = await open();
        const first = await events.append('a', [agentMessage(1), agentMessage(2)], '8x8:evt-1');
        const again = await events.append('a', [agentMessage(1), agentMessage(2)], '8x8:evt-1');
        expect(ids(first.events)).toEqual([1, 2]);
        expect(again).toEqual({ events: [], duplicate: true });
        expect((await events.append('b', [agentMessage(1)], '8x8:evt-1')).duplicate).toBe(false);
        expect((await events.readAfter('a', 0, 100)).events).toHaveLength(2);
      });

      it('trims beyond the kept count, keeps ids increasing and reports the gap', async () => {
        const { events } = await open({ maxEventsPerConversation: 10 });
        for (let n = 1; n <= 25; n++) await events.append('a', [agentMessage(n)]);
        const all = await events.readAfter('a', 0, 100);
        expect(ids(all.events)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
        expect(all.gap).toBe(false); // a client with nothing has missed nothing it knew of
        expect((await events.readAfter('a', 3, 100)).gap).toBe(true);
        expect((await events.readAfter('a', 15, 100)).gap).toBe(false);
        expect((await events.append('a', [agentMessage(26)])).events[0]?.id).toBe(26);
      });

      it('trims by age, reports the gap, and forgets a conversation with nothing left', async () => {
        const store = await open({ maxEventAgeMs: 200 });
        const session = {
          createdAt: new Date().toISOString(),
          status: 'open',
          tokenVersion: 1,
        } as const;
        await store.sessions.create({ conversationId: 'a', ...session });
        await store.sessions.update('a', { upstreamId: 'up-a' });
        await store.sessions.create({ conversationId: 'b', ...session });
        for (let n = 1; n <= 3; n++) await store.events.append('a', [agentMessage(n)], `k${n}`);
        await store.events.append('b', [agentMessage(1)]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await store.events.append('a', [agentMessage(4)]);

        await store.sweep(Date.now());
        expect(ids((await store.events.readAfter('a', 0, 10)).events)).toEqual([4]);
        expect((await store.events.readAfter('a', 2, 10)).gap).toBe(true);
        expect((await store.events.readAfter('a', 3, 10)).gap).toBe(false);
        expect((await store.events.append('a', [agentMessage(1)], 'k1')).duplicate).toBe(false);
        expect(await store.sessions.get('a')).toBeDefined();
        // 'b' is older than the kept age and has nothing left: forgotten.
        expect(await store.sessions.get('b')).toBeUndefined();

        await store.sweep(Date.now() + 1000);
        expect(await store.sessions.get('a')).toBeUndefined();
        expect(await store.sessions.findByUpstreamId('up-a')).toBeUndefined();
      });

      it('keeps everything across a reopen of the same data', async () => {
        const first = await open({ maxEventsPerConversation: 100 });
        await first.events.append('a', [agentMessage(1)], 'k1');
        await first.sessions.create({
          conversationId: 'a',
          createdAt: new Date().toISOString(),
          status: 'open',
          tokenVersion: 1,
        });
        await first.sessions.update('a', { upstreamId: 'up-a' });
        await first.outbox.add(outboxMessage('a', 'cm-1'));
        await first.store.close();
        const second = await first.reopen();
        expect((await second.events.readAfter('a', 0, 10)).events).toHaveLength(1);
        expect((await second.events.append('a', [agentMessage(1)], 'k1')).duplicate).toBe(true);
        expect((await second.events.append('a', [agentMessage(2)])).events[0]?.id).toBe(2);
        expect(await second.sessions.findByUpstreamId('up-a')).toMatchObject({
          conversationId: 'a',
          tokenVersion: 1,
        });
        expect(await second.outbox.head('a')).toMatchObject({ clientMessageId: 'cm-1' });
      });
    });

    describe('sessions', () => {
      it('creates, finds by either id and updates', async () => {
        const { sessions } = await open();
        await sessions.create({
          conversationId: 'c',
          visitorId: 'parley-v',
          createdAt: 't',
          status: 'open',
          tokenVersion: 1,
        });
        expect(await sessions.get('c')).toEqual({
          conversationId: 'c',
          visitorId: 'parley-v',
          createdAt: 't',
          status: 'open',
          tokenVersion: 1,
        });
        await sessions.update('c', { upstreamId: 'u', status: 'closed', tokenVersion: 2 });
        expect(await sessions.findByUpstreamId('u')).toMatchObject({
          conversationId: 'c',
          status: 'closed',
          tokenVersion: 2,
        });
        expect(await sessions.get('nope')).toBeUndefined();
        expect(await sessions.findByUpstreamId('nope')).toBeUndefined();
      });

      it('keeps the 8x8 queue a conversation waits in, once it is told one', async () => {
        const { sessions } = await open();
        await sessions.create({
          conversationId: 'q',
          createdAt: 't',
          status: 'open',
          tokenVersion: 1,
        });
        expect((await sessions.get('q'))?.queueId).toBeUndefined();
        await sessions.update('q', { queueId: '102' });
        expect(await sessions.get('q')).toMatchObject({ conversationId: 'q', queueId: '102' });
      });
    });

    describe('expiring values', () => {
      it('sets a key once if absent and returns the value set since to later tries', async () => {
        const { values } = await open();
        expect(await values.setIfAbsent('k', 'pending', 60)).toEqual({ first: true });
        expect(await values.setIfAbsent('k', 'pending', 60)).toEqual({
          first: false,
          value: 'pending',
        });
        await values.set('k', 'sent', 60);
        expect(await values.setIfAbsent('k', 'pending', 60)).toEqual({
          first: false,
          value: 'sent',
        });
        expect(await values.get('k')).toBe('sent');
      });

      it('sets a key whether or not it was there; a value that expires at once is absent', async () => {
        const { values } = await open();
        await values.set('k', 'a', 60);
        expect(await values.get('k')).toBe('a');
        expect(await values.setIfAbsent('k', 'b', 60)).toEqual({ first: false, value: 'a' });
        await values.set('k', 'c', 0);
        expect(await values.get('k')).toBeUndefined();
      });

      it('treats an expired value as absent', async () => {
        const { values } = await open();
        expect(await values.setIfAbsent('k', 'a', 0)).toEqual({ first: true });
        expect(await values.setIfAbsent('k', 'b', 60)).toEqual({ first: true });
        expect(await values.setIfAbsent('k', 'c', 60)).toEqual({ first: false, value: 'b' });
      });
    });

    describe('the bus', () => {
      it('publishes to subscribers of that conversation only', async () => {
        const { bus } = await open();
        const seen: number[] = [];
        const stop = bus.subscribe('a', (e) => seen.push(e.id));
        const other: number[] = [];
        const stopOther = bus.subscribe('a', (e) => other.push(e.id));
        bus.publish('a', { ...agentMessage(1), id: 1, at: EPOCH });
        bus.publish('b', { ...agentMessage(1), id: 9, at: EPOCH });
        await until(() => seen.length === 1 && other.length === 1);
        stop();
        bus.publish('a', { ...agentMessage(2), id: 2, at: EPOCH });
        await until(() => other.length === 2);
        stopOther();
        expect(seen).toEqual([1]);
        expect(other).toEqual([1, 2]);
      });
    });

    describe('the outbox', () => {
      it('queues per conversation in order and knows each client message id once', async () => {
        const { outbox } = await open();
        expect(await outbox.add(outboxMessage('a', 'one'))).toEqual({ added: true });
        expect(await outbox.add(outboxMessage('a', 'two'))).toEqual({ added: true });
        expect(await outbox.add(outboxMessage('b', 'one'))).toEqual({ added: true });
        const again = await outbox.add(outboxMessage('a', 'one', { text: 'other' }));
        expect(again).toMatchObject({ added: false, existing: { text: 'text of one' } });
        expect(await outbox.head('a')).toMatchObject({ clientMessageId: 'one', status: 'pending' });
        expect(await outbox.depth()).toBe(3);

        await outbox.settle('a', 'one', { status: 'sent', attempts: 1 });
        expect(await outbox.head('a')).toMatchObject({ clientMessageId: 'two' });
        expect(await outbox.get('a', 'one')).toMatchObject({ status: 'sent', attempts: 1 });
        expect(await outbox.add(outboxMessage('a', 'one'))).toMatchObject({
          added: false,
          existing: { status: 'sent' },
        });
        await outbox.settle('a', 'two', { status: 'failed', attempts: 3, reason: 'no' });
        expect(await outbox.head('a')).toBeUndefined();
        expect(await outbox.get('a', 'two')).toMatchObject({ status: 'failed', reason: 'no' });
        expect(await outbox.depth()).toBe(1);
      });

      it("keeps a quick reply's payload with the message, and none for a plain one", async () => {
        const { outbox } = await open();
        await outbox.add(outboxMessage('q', 'chosen', { quickReplyPayload: 'order_status' }));
        await outbox.add(outboxMessage('q', 'typed'));
        expect(await outbox.head('q')).toMatchObject({ quickReplyPayload: 'order_status' });
        expect((await outbox.get('q', 'typed'))?.quickReplyPayload).toBeUndefined();
      });

      it('lists conversations whose head is due, and only then', async () => {
        const { outbox } = await open();
        const now = Date.now();
        await outbox.add(outboxMessage('a', 'a1', { nextAttemptAt: now - 10 }));
        await outbox.add(outboxMessage('b', 'b1', { nextAttemptAt: now + 60_000 }));
        // b's second message is due, but it waits behind b1.
        await outbox.add(outboxMessage('b', 'b2', { nextAttemptAt: now - 10 }));
        expect(await outbox.due(now, 10)).toEqual(['a']);
        await outbox.reschedule('a', 'a1', {
          attempts: 1,
          nextAttemptAt: now + 1000,
          reason: 'down',
        });
        expect(await outbox.due(now, 10)).toEqual([]);
        expect(await outbox.get('a', 'a1')).toMatchObject({ attempts: 1, reason: 'down' });
        // Recording an attempt about to be made keeps the reason so far.
        await outbox.reschedule('a', 'a1', { attempts: 2, nextAttemptAt: now + 1000 });
        expect(await outbox.get('a', 'a1')).toMatchObject({ attempts: 2, reason: 'down' });
        expect((await outbox.due(now + 60_000, 10)).sort()).toEqual(['a', 'b']);
        expect(await outbox.due(now + 60_000, 1)).toHaveLength(1);
      });

      it('leases a conversation to one holder at a time', async () => {
        const { outbox } = await open();
        expect(await outbox.lease('a', 'me', 60_000)).toBe(true);
        expect(await outbox.lease('a', 'me', 60_000)).toBe(true);
        expect(await outbox.lease('a', 'you', 60_000)).toBe(false);
        expect(await outbox.lease('b', 'you', 60_000)).toBe(true);
        await outbox.release('a', 'you'); // not yours: no effect
        expect(await outbox.lease('a', 'you', 60_000)).toBe(false);
        await outbox.release('a', 'me');
        expect(await outbox.lease('a', 'you', 50)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 80));
        expect(await outbox.lease('a', 'me', 60_000)).toBe(true); // the lease expired
      });

      it('forgets settled messages after the kept time, never pending ones', async () => {
        const { outbox, sweep } = await open({ keepSettledMessagesMs: 1000 });
        await outbox.add(outboxMessage('a', 'sent'));
        await outbox.add(outboxMessage('a', 'waiting'));
        await outbox.settle('a', 'sent', { status: 'sent', attempts: 1 });
        await sweep(Date.now());
        expect(await outbox.get('a', 'sent')).toBeDefined();
        await sweep(Date.now() + 5000);
        expect(await outbox.get('a', 'sent')).toBeUndefined();
        expect(await outbox.get('a', 'waiting')).toMatchObject({ status: 'pending' });
      });
    });

    describe('rate counters', () => {
      it('counts hits per key within a window, then starts again', async () => {
        const { rates } = await open();
        expect(await rates.hit('ip:1', 200)).toMatchObject({ count: 1 });
        expect(await rates.hit('ip:2', 200)).toMatchObject({ count: 1 });
        const second = await rates.hit('ip:1', 200);
        expect(second.count).toBe(2);
        expect(second.resetInMs).toBeGreaterThan(0);
        expect(second.resetInMs).toBeLessThanOrEqual(200);
        await new Promise((resolve) => setTimeout(resolve, second.resetInMs + 20));
        expect(await rates.hit('ip:1', 200)).toMatchObject({ count: 1 });
      });
    });

    it('is ready while open', async () => {
      const store = await open();
      expect(await store.ready()).toBe(true);
    });
  });
}
