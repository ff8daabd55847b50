import { describe, expect, it } from 'vitest';
import { CachedSessions } from './cached-sessions.js';
import type { Session, Sessions } from './store.js';

/** Sessions in a map, counting the lookups by upstream id that reach it. */
class CountingSessions implements Sessions {
  readonly rows = new Map<string, Session>();
  finds = 0;
  /** When set, a lookup waits for it before answering (to overlap it with a change). */
  gate: Promise<void> | undefined;

  async create(session: Session) {
    this.rows.set(session.conversationId, { ...session });
  }
  async get(conversationId: string) {
    const row = this.rows.get(conversationId);
    return row && { ...row };
  }
  async findByUpstreamId(upstreamId: string) {
    this.finds++;
    const row = [...this.rows.values()].find((session) => session.upstreamId === upstreamId);
    const answer = row && { ...row };
    await this.gate;
    return answer;
  }
  async update(conversationId: string, patch: Partial<Omit<Session, 'conversationId'>>) {
    const row = this.rows.get(conversationId);
    if (row) this.rows.set(conversationId, { ...row, ...patch });
  }
}

const session = (conversationId: string, upstreamId?: string): Session => ({
  conversationId,
  ...(upstreamId ? { upstreamId } : {}),
  createdAt: 't',
  status: 'open',
  tokenVersion: 1,
});

describe('sessions looked up by upstream id from memory', () => {
  it('reads the store once per session, then answers from memory', async () => {
    const store = new CountingSessions();
    const cached = new CachedSessions(store);
    await cached.create(session('c', 'u'));
    await store.create(session('d', 'v'));
    for (let i = 0; i < 3; i++) {
      expect(await cached.findByUpstreamId('u')).toMatchObject({ conversationId: 'c' });
      expect(await cached.findByUpstreamId('v')).toMatchObject({ conversationId: 'd' });
    }
    expect(store.finds).toBe(1);
  });

  it('keeps no miss: a session created elsewhere afterwards is found', async () => {
    const store = new CountingSessions();
    const cached = new CachedSessions(store);
    expect(await cached.findByUpstreamId('u')).toBeUndefined();
    await store.create(session('c', 'u'));
    expect(await cached.findByUpstreamId('u')).toMatchObject({ conversationId: 'c' });
  });

  it('answers its own updates, and tells each one', async () => {
    const told: string[] = [];
    const store = new CountingSessions();
    const cached = new CachedSessions(store, { changed: (id) => told.push(id) });
    await cached.create(session('c'));
    await cached.update('c', { upstreamId: 'u' });
    expect(await cached.findByUpstreamId('u')).toMatchObject({ conversationId: 'c' });
    await cached.update('c', { queueId: 'q2', status: 'closed' });
    expect(await cached.findByUpstreamId('u')).toMatchObject({ queueId: 'q2', status: 'closed' });
    await cached.update('c', { upstreamId: 'u2' });
    expect(await cached.findByUpstreamId('u')).toBeUndefined();
    expect(await cached.findByUpstreamId('u2')).toMatchObject({ conversationId: 'c' });
    expect(told).toEqual(['c', 'c', 'c']);
  });

  it("reads the store again once told to forget a session (another instance's change)", async () => {
    const store = new CountingSessions();
    const cached = new CachedSessions(store);
    await cached.create(session('c', 'u'));
    await store.update('c', { queueId: 'elsewhere' });
    expect((await cached.findByUpstreamId('u'))?.queueId).toBeUndefined();
    cached.forget('c');
    expect((await cached.findByUpstreamId('u'))?.queueId).toBe('elsewhere');
    await store.update('c', { queueId: 'again' });
    cached.clear();
    expect((await cached.findByUpstreamId('u'))?.queueId).toBe('again');
  });

  it('does not keep what a lookup read before a change it overlapped', async () => {
    const { store, cached, open, reading } = await lookupHeldAtTheStore();
    await store.update('c', { queueId: 'new' });
    cached.forget('c');
    open();
    expect((await reading)?.queueId).toBeUndefined();
    store.gate = undefined;
    expect((await cached.findByUpstreamId('u'))?.queueId).toBe('new');
  });

  it("does not keep what a lookup read before its own instance's update landed", async () => {
    const { store, cached, open, reading } = await lookupHeldAtTheStore();
    await cached.update('c', { queueId: 'new' });
    open();
    await reading;
    store.gate = undefined;
    expect((await cached.findByUpstreamId('u'))?.queueId).toBe('new');
  });

  it('reads the store again for an entry older than its age limit', async () => {
    const store = new CountingSessions();
    const cached = new CachedSessions(store, { maxAgeMs: 0 });
    await cached.create(session('c', 'u'));
    await cached.findByUpstreamId('u');
    await cached.findByUpstreamId('u');
    expect(store.finds).toBe(2);
  });

  it('keeps at most its number of entries, the least recently used dropped', async () => {
    const store = new CountingSessions();
    const cached = new CachedSessions(store, { maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) await cached.create(session(id, `u-${id}`));
    const before = store.finds;
    await cached.findByUpstreamId('u-b');
    await cached.findByUpstreamId('u-c');
    expect(store.finds).toBe(before);
    await cached.findByUpstreamId('u-a');
    expect(store.finds).toBe(before + 1);
  });

  it('hands out copies: a caller changing one changes nothing kept', async () => {
    const store = new CountingSessions();
    const cached = new CachedSessions(store);
    await cached.create(session('c', 'u'));
    const found = await cached.findByUpstreamId('u');
    if (found) found.status = 'closed';
    expect((await cached.findByUpstreamId('u'))?.status).toBe('open');
  });
});

/** A session in the store, and a lookup of it through the cache that the store holds until `open()`. */
async function lookupHeldAtTheStore() {
  const store = new CountingSessions();
  const cached = new CachedSessions(store);
  await store.create(session('c', 'u'));
  let open = () => {};
  store.gate = new Promise((resolve) => {
    open = resolve;
  });
  return { store, cached, open, reading: cached.findByUpstreamId('u') };
}
