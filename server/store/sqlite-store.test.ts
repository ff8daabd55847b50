import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../protocol.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

const text = (n: number): ParleyEvent => ({
  type: 'message',
  messageId: `m${n}`,
  role: 'agent',
  text: `message ${n}`,
  attachments: [],
});

describe('the embedded SQLite store', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const open = (path?: string, maxEventsPerConversation = 1000) => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    dirs.push(dir);
    const store = openSqliteStore(path ?? join(dir, 'parley.db'), { maxEventsPerConversation });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => {});
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives increasing ids per conversation and reads after an id', async () => {
    const { events } = open();
    await events.append('a', [text(1), text(2)]);
    await events.append('b', [text(1)]);
    await events.append('a', [text(3)]);
    const read = await events.readAfter('a', 1, 100);
    expect(read.events.map((e) => e.id)).toEqual([2, 3]);
    expect(read.events.map((e) => (e.type === 'message' ? e.text : ''))).toEqual([
      'message 2',
      'message 3',
    ]);
    expect((await events.readAfter('b', 0, 100)).events.map((e) => e.id)).toEqual([1]);
  });

  it('appends a keyed batch once, however often it is retried', async () => {
    const { events } = open();
    const first = await events.append('a', [text(1), text(2)], '8x8:evt-1');
    const again = await events.append('a', [text(1), text(2)], '8x8:evt-1');
    expect(first.events.map((e) => e.id)).toEqual([1, 2]);
    expect(again).toEqual({ events: [], duplicate: true });
    expect((await events.readAfter('a', 0, 100)).events).toHaveLength(2);
  });

  it('trims beyond the kept count, keeps ids increasing and reports the gap', async () => {
    const { events } = open(undefined, 10);
    for (let n = 1; n <= 25; n++) await events.append('a', [text(n)]);
    const all = await events.readAfter('a', 0, 100);
    expect(all.events.map((e) => e.id)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(all.gap).toBe(false); // a client with nothing has missed nothing it knew of
    expect((await events.readAfter('a', 3, 100)).gap).toBe(true);
    expect((await events.readAfter('a', 15, 100)).gap).toBe(false);
    const next = await events.append('a', [text(26)]);
    expect(next.events[0]?.id).toBe(26);
  });

  it('keeps everything across a reopen of the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    dirs.push(dir);
    const path = join(dir, 'parley.db');
    const first = openSqliteStore(path, { maxEventsPerConversation: 100 });
    await first.events.append('a', [text(1)], 'k1');
    await first.sessions.create({
      conversationId: 'a',
      createdAt: 'now',
      status: 'open',
      tokenVersion: 1,
    });
    await first.sessions.update('a', { upstreamId: 'up-a' });
    await first.close();
    const second = open(path);
    expect((await second.events.readAfter('a', 0, 10)).events).toHaveLength(1);
    expect((await second.events.append('a', [text(1)], 'k1')).duplicate).toBe(true);
    expect(await second.sessions.findByUpstreamId('up-a')).toMatchObject({
      conversationId: 'a',
      tokenVersion: 1,
    });
  });

  it('claims a key once and returns the settled value to later claims', async () => {
    const { dedupe } = open();
    expect(await dedupe.claim('k', 'pending', 60)).toEqual({ first: true });
    expect(await dedupe.claim('k', 'pending', 60)).toEqual({ first: false, value: 'pending' });
    await dedupe.settle('k', 'sent', 60);
    expect(await dedupe.claim('k', 'pending', 60)).toEqual({ first: false, value: 'sent' });
  });

  it('treats an expired claim as free', async () => {
    const { dedupe } = open();
    expect(await dedupe.claim('k', 'a', 0)).toEqual({ first: true });
    expect(await dedupe.claim('k', 'b', 60)).toEqual({ first: true });
    expect(await dedupe.claim('k', 'c', 60)).toEqual({ first: false, value: 'b' });
  });

  it('publishes on its bus to subscribers of that conversation only', () => {
    const { bus } = open();
    const seen: number[] = [];
    const stop = bus.subscribe('a', (e) => seen.push(e.id));
    bus.publish('a', { ...text(1), id: 1, at: '' });
    bus.publish('b', { ...text(1), id: 9, at: '' });
    stop();
    bus.publish('a', { ...text(2), id: 2, at: '' });
    expect(seen).toEqual([1]);
  });
});
