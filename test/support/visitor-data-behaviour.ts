import { afterEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import { valueKey } from '../../server/store/keys.js';
import type { Rating, Retention, Store } from '../../server/store/store.js';

/**
 * What every Store must do with ratings and with deleting a conversation on
 * request: run by the SQLite (file and :memory:) and Redis store tests.
 */
export type OpenStore = (retention: Retention) => Promise<{
  store: Store;
  destroy: () => Promise<void>;
}>;

const RETENTION: Retention = {
  maxEventsPerConversation: 1000,
  maxEventAgeMs: 30 * 24 * 3600_000,
  keepSettledMessagesMs: 24 * 3600_000,
};

const rating = (conversationId: string, createdAt: string, patch: Partial<Rating> = {}) => ({
  conversationId,
  scale: 'stars' as const,
  score: 4,
  createdAt,
  ...patch,
});

const message = (text: string): ParleyEvent => ({
  type: 'message',
  messageId: text,
  role: 'visitor',
  text,
  attachments: [{ id: 'file-1', name: 'a.png', kind: 'image' }],
});

export function visitorDataBehaviour(name: string, open: OpenStore) {
  describe(`${name}: ratings and deleting on request`, () => {
    const opened: { store: Store; destroy: () => Promise<void> }[] = [];
    const fresh = async (retention: Partial<Retention> = {}) => {
      const made = await open({ ...RETENTION, ...retention });
      opened.push(made);
      return made.store;
    };
    afterEach(async () => {
      for (const made of opened.splice(0)) {
        await made.store.close().catch(() => {});
        await made.destroy();
      }
    });

    it('keeps one rating per conversation: a second one writes nothing', async () => {
      const { ratings } = await fresh();
      const now = new Date().toISOString();
      expect(await ratings.add(rating('a', now, { comment: 'kind, quick' }))).toBe(true);
      expect(await ratings.add(rating('a', now, { score: 1 }))).toBe(false);
      expect(await ratings.get('a')).toEqual(rating('a', now, { comment: 'kind, quick' }));
      expect(await ratings.get('b')).toBeUndefined();
    });

    it('lists the ratings made since a time, oldest first', async () => {
      const { ratings } = await fresh();
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      await ratings.add(rating('late', at(1), { scale: 'thumbs', score: 5 }));
      await ratings.add(rating('early', at(30), { score: 2 }));
      await ratings.add(rating('old', at(120)));
      const since = await ratings.since(at(60));
      expect(since.map((found) => found.conversationId)).toEqual(['early', 'late']);
      expect(since[1]).toMatchObject({ scale: 'thumbs', score: 5 });
      expect(await ratings.since(new Date().toISOString())).toEqual([]);
    });

    it('forgets ratings older than the kept age', async () => {
      const store = await fresh({ maxEventAgeMs: 60_000 });
      const old = new Date(Date.now() - 120_000).toISOString();
      await store.ratings.add(rating('old', old));
      await store.ratings.add(rating('new', new Date().toISOString()));
      await store.sweep(Date.now());
      const kept = await store.ratings.since(new Date(0).toISOString());
      expect(kept.map((found) => found.conversationId)).toEqual(['new']);
    });

    it('deletes everything of one conversation, and nothing of another', async () => {
      const store = await fresh();
      const createdAt = new Date().toISOString();
      for (const id of ['gone', 'kept']) {
        await store.sessions.create({
          conversationId: id,
          upstreamId: `up-${id}`,
          createdAt,
          status: 'open',
          tokenVersion: 1,
        });
        await store.events.append(id, [message(`hello from ${id}`)], `8x8:${id}`);
        await store.outbox.add({
          conversationId: id,
          clientMessageId: 'client-1',
          text: 'pending',
          attachmentIds: [],
          createdAt: Date.now(),
          status: 'pending',
          attempts: 0,
          nextAttemptAt: Date.now(),
        });
        await store.values.set(valueKey.attachment(id, 'file-1'), '{}', 3600);
        await store.values.set(valueKey.typing(id), '1', 3600);
        await store.ratings.add(rating(id, createdAt));
      }
      expect(await store.outbox.depth()).toBe(2);
      // Looked up once, as a webhook would: the session is now in the instance's memory too.
      expect(await store.sessions.findByUpstreamId('up-gone')).toBeDefined();

      await store.forget('gone');
      await store.forget('gone'); // twice is fine

      expect(await store.sessions.get('gone')).toBeUndefined();
      expect(await store.sessions.findByUpstreamId('up-gone')).toBeUndefined();
      expect((await store.events.readAfter('gone', 0, 100)).events).toEqual([]);
      expect(await store.outbox.get('gone', 'client-1')).toBeUndefined();
      expect(await store.outbox.head('gone')).toBeUndefined();
      expect(await store.values.get(valueKey.attachment('gone', 'file-1'))).toBeUndefined();
      expect(await store.values.get(valueKey.typing('gone'))).toBeUndefined();
      expect(await store.ratings.get('gone')).toBeUndefined();
      expect((await store.ratings.since(createdAt)).map((r) => r.conversationId)).toEqual(['kept']);
      expect(await store.outbox.depth()).toBe(1);
      expect(await store.outbox.due(Date.now() + 1000, 10)).toEqual(['kept']);

      expect(await store.sessions.get('kept')).toMatchObject({ upstreamId: 'up-kept' });
      expect((await store.events.readAfter('kept', 0, 100)).events).toHaveLength(1);
      expect(await store.values.get(valueKey.attachment('kept', 'file-1'))).toBe('{}');
      expect(await store.ratings.get('kept')).toBeDefined();
    });

    it('starts a conversation of the same id afresh after forgetting it', async () => {
      const store = await fresh();
      await store.events.append('a', [message('one')], '8x8:evt-1');
      await store.forget('a');
      const again = await store.events.append('a', [message('one')], '8x8:evt-1');
      expect(again.duplicate).toBe(false);
      expect(again.events.map((event) => event.id)).toEqual([1]);
    });
  });
}
