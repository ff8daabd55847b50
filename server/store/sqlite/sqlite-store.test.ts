import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../protocol/events.js';
import { storeBehaviour } from '../../../test/support/store-behaviour.js';
import { visitorDataBehaviour } from '../../../test/support/visitor-data-behaviour.js';
import { openSqliteStore } from './sqlite-store.js';

storeBehaviour('SQLite', {
  async open(retention) {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const path = join(dir, 'parley.db');
    return {
      store: openSqliteStore(path, retention),
      reopen: async () => openSqliteStore(path, retention),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

/**
 * A data file as a version before queue and visitor ids wrote it: a sessions
 * table without the columns added since, holding one open session.
 */
async function earlierDataFile(conversationId: string, upstreamId: string) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  const path = join(dir, 'parley.db');
  const { default: Database } = await import('better-sqlite3');
  const old = new Database(path);
  old.exec(`CREATE TABLE sessions (
    conversation_id TEXT PRIMARY KEY, upstream_id TEXT UNIQUE, created_at TEXT NOT NULL,
    status TEXT NOT NULL, token_version INTEGER NOT NULL)`);
  old
    .prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?)')
    .run(conversationId, upstreamId, 't', 'open', 1);
  old.close();
  return { dir, path };
}

describe('the SQLite file', () => {
  it('opens a file written before sessions had a queue id, and keeps one from then on', async () => {
    const { dir, path } = await earlierDataFile('before', 'up-1');
    const store = openSqliteStore(path);
    expect(await store.sessions.findByUpstreamId('up-1')).toEqual({
      conversationId: 'before',
      upstreamId: 'up-1',
      createdAt: 't',
      status: 'open',
      tokenVersion: 1,
    });
    await store.sessions.update('before', { queueId: '101' });
    expect(await store.sessions.get('before')).toMatchObject({ queueId: '101' });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is in WAL mode and folds the WAL into the file on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const path = join(dir, 'parley.db');
    const retention = {
      maxEventsPerConversation: 10,
      maxEventAgeMs: 60_000,
      keepSettledMessagesMs: 60_000,
    };
    const store = openSqliteStore(path, retention);
    await store.events.append('a', [{ type: 'transferred' }]);
    const { default: Database } = await import('better-sqlite3');
    const peek = new Database(path, { readonly: true });
    expect(peek.pragma('journal_mode', { simple: true })).toBe('wal');
    peek.close();
    await store.close();
    expect(await store.ready()).toBe(false);
    const again = openSqliteStore(path, retention);
    expect((await again.events.readAfter('a', 0, 10)).events).toHaveLength(1);
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a data file from an earlier version', () => {
  it('gets the columns added since, and its sessions read as before', async () => {
    const { dir, path } = await earlierDataFile('old', 'up-old');
    const store = openSqliteStore(path);
    expect(await store.sessions.get('old')).toEqual({
      conversationId: 'old',
      upstreamId: 'up-old',
      createdAt: 't',
      status: 'open',
      tokenVersion: 1,
    });
    await store.sessions.create({
      conversationId: 'new',
      visitorId: 'parley-v',
      createdAt: 't',
      status: 'open',
      tokenVersion: 1,
    });
    expect(await store.sessions.get('new')).toMatchObject({ visitorId: 'parley-v' });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('appends in one turn of the event loop', () => {
  it('commit together, and one that fails fails alone without taking an id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const retention = {
      maxEventsPerConversation: 10,
      maxEventAgeMs: 60_000,
      keepSettledMessagesMs: 60_000,
    };
    const store = openSqliteStore(join(dir, 'parley.db'), retention);
    const unstorable = { type: 'transferred', size: 1n } as unknown as ParleyEvent;
    const results = await Promise.allSettled([
      store.events.append('a', [{ type: 'transferred' }], 'k1'),
      store.events.append('a', [unstorable], 'k2'),
      store.events.append('a', [{ type: 'transferred' }], 'k1'),
      store.events.append('a', [{ type: 'transferred' }], 'k3'),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const appended = results.map((result) =>
      result.status === 'fulfilled' ? result.value : undefined,
    );
    expect(appended[0]?.events.map((event) => event.id)).toEqual([1]);
    expect(appended[2]?.duplicate).toBe(true);
    expect(appended[3]?.events.map((event) => event.id)).toEqual([2]);
    expect((await store.events.readAfter('a', 0, 10)).events.map((event) => event.id)).toEqual([
      1, 2,
    ]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('an append alone in its turn', () => {
  it('is its own transaction: one that fails leaves nothing, not even its key or an id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const store = openSqliteStore(join(dir, 'parley.db'));
    const unstorable = { type: 'transferred', size: 1n } as unknown as ParleyEvent;
    await expect(
      store.events.append('a', [{ type: 'transferred' }, unstorable], 'k1'),
    ).rejects.toThrow();
    const again = await store.events.append('a', [{ type: 'transferred' }], 'k1');
    expect(again.duplicate).toBe(false);
    expect(again.events.map((event) => event.id)).toEqual([1]);
    expect((await store.events.append('a', [{ type: 'transferred' }], 'k1')).duplicate).toBe(true);
    expect((await store.events.readAfter('a', 0, 10)).events.map((event) => event.id)).toEqual([1]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('ids, which come from the events themselves', () => {
  const retention = { maxEventsPerConversation: 10, maxEventAgeMs: 100, keepSettledMessagesMs: 0 };
  const transferred = [{ type: 'transferred' }] as ParleyEvent[];

  it('keep increasing after the sweep took every event of a log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const store = openSqliteStore(join(dir, 'parley.db'), retention);
    for (let n = 0; n < 3; n++) await store.events.append('a', transferred);
    await store.sweep(Date.now() + 1000);
    expect((await store.events.readAfter('a', 0, 10)).events).toEqual([]);
    expect((await store.events.readAfter('a', 1, 10)).gap).toBe(true);
    expect((await store.events.append('a', transferred)).events[0]?.id).toBe(4);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("continue from an older file's logs.last_id", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const path = join(dir, 'parley.db');
    const store = openSqliteStore(path, retention);
    await store.events.append('a', transferred);
    await store.close();
    const { default: Database } = await import('better-sqlite3');
    const older = new Database(path);
    older.exec(`DELETE FROM events; INSERT INTO logs VALUES ('a', 7, 0);
      CREATE INDEX events_at ON events (at);`);
    older.close();
    const again = openSqliteStore(path, retention);
    expect((await again.events.append('a', transferred)).events[0]?.id).toBe(8);
    await again.close();
    const reopened = new Database(path, { readonly: true });
    const indexes = reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all();
    reopened.close();
    expect(indexes).not.toContainEqual({ name: 'events_at' });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('sessions looked up from memory', () => {
  it('are forgotten with the conversations a sweep forgets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const store = openSqliteStore(join(dir, 'parley.db'), { maxEventAgeMs: 1000 });
    try {
      const createdAt = new Date(Date.now() - 60_000).toISOString();
      await store.sessions.create({
        conversationId: 'old',
        upstreamId: 'up-old',
        createdAt,
        status: 'closed',
        tokenVersion: 1,
      });
      expect(await store.sessions.findByUpstreamId('up-old')).toMatchObject({
        conversationId: 'old',
      });
      await store.sweep(Date.now());
      expect(await store.sessions.get('old')).toBeUndefined();
      expect(await store.sessions.findByUpstreamId('up-old')).toBeUndefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
visitorDataBehaviour('SQLite file', async (retention) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  return {
    store: openSqliteStore(join(dir, 'parley.db'), retention),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

visitorDataBehaviour('SQLite in memory', async (retention) => ({
  store: openSqliteStore(':memory:', retention),
  destroy: async () => {},
}));
