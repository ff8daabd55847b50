import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeBehaviour } from '../test-support/store-behaviour.js';
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

describe('the SQLite file', () => {
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
