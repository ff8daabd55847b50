import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LocalBus } from '../local-bus.js';
import { MemoryRateCounters } from '../memory-rate-counters.js';
import type { Retention, Store } from '../store.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import { SqliteExpiringValues } from './sqlite-expiring-values.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { SqliteSessions } from './sqlite-sessions.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  conversation_id TEXT NOT NULL,
  id INTEGER NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (conversation_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_at ON events (at);
-- One row per conversation log: ids keep increasing even after the oldest rows are trimmed.
CREATE TABLE IF NOT EXISTS logs (
  conversation_id TEXT PRIMARY KEY,
  last_id INTEGER NOT NULL,
  trimmed_through INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
-- Keys of appends (8x8 event ids) already in the log, for exactly-once appends.
CREATE TABLE IF NOT EXISTS event_keys (
  conversation_id TEXT NOT NULL,
  key TEXT NOT NULL,
  first_id INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sessions (
  conversation_id TEXT PRIMARY KEY,
  upstream_id TEXT UNIQUE,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL,
  token_version INTEGER NOT NULL
  -- queue_id TEXT: added by addColumn below, so files from before it open as they are.
);
-- The ExpiringValues (named for its first use; kept, so existing files open as they are).
CREATE TABLE IF NOT EXISTS dedupe (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL,
  client_message_id TEXT NOT NULL,
  text TEXT NOT NULL,
  attachment_ids TEXT NOT NULL,
  -- quick_reply_payload TEXT, card_submit TEXT (JSON): added by addColumn below.
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  reason TEXT,
  settled_at INTEGER,
  UNIQUE (conversation_id, client_message_id)
);
-- One row rewritten by the readiness probe: can the store still write?
CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (conversation_id, seq) WHERE status = 'pending';
`;

const DEFAULT_RETENTION: Retention = {
  maxEventsPerConversation: 5000,
  maxEventAgeMs: 30 * 24 * 60 * 60 * 1000,
  keepSettledMessagesMs: 24 * 60 * 60 * 1000,
};

/** Rows deleted per statement by the sweep, so it never holds the event loop for long. */
const SWEEP_BATCH = 2000;

/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous,
 * so every write is on disk (in the WAL) before the promise resolves; a webhook
 * acknowledged after `append` survives a SIGKILL of the proxy.
 */
export function openSqliteStore(path: string, limits: Partial<Retention> = {}): Store {
  const retention = { ...DEFAULT_RETENTION, ...limits };
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; only an OS crash or power loss
  // can lose the last transactions.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  addColumn(db, 'sessions', 'queue_id', 'TEXT');
  addColumn(db, 'outbox', 'quick_reply_payload', 'TEXT');
  addColumn(db, 'outbox', 'card_submit', 'TEXT');
  const rates = new MemoryRateCounters();
  const probe = db.prepare('INSERT OR REPLACE INTO probe (id, at) VALUES (1, ?)');

  return {
    events: new SqliteEventLog(db, retention),
    bus: new LocalBus(),
    sessions: new SqliteSessions(db),
    values: new SqliteExpiringValues(db),
    outbox: new SqliteOutbox(db),
    rates,
    async ready() {
      try {
        // A write, not a read: a full disk or a read-only file still answers SELECTs.
        probe.run(Date.now());
        return db.open;
      } catch {
        return false;
      }
    },
    async sweep(now) {
      rates.sweep(now);
      await sweepByAge(db, retention, now);
    },
    async close() {
      if (!db.open) return;
      // Fold the WAL into the main file, so the data file alone is the whole state.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

/** A column added after a table was first created: files written before open as they are. */
function addColumn(db: Database.Database, table: string, column: string, type: string) {
  const columns = db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all();
  if (!columns.some((existing) => existing.name === column)) {
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}

async function sweepByAge(db: Database.Database, retention: Retention, now: number) {
  const cutoff = new Date(now - retention.maxEventAgeMs).toISOString();
  // A client resuming from a trimmed id must get `reset`: remember how far each log was cut.
  db.prepare(
    `UPDATE logs SET trimmed_through = MAX(trimmed_through, old.max_id)
     FROM (SELECT conversation_id, MAX(id) AS max_id FROM events WHERE at < ?
           GROUP BY conversation_id) AS old
     WHERE logs.conversation_id = old.conversation_id`,
  ).run(cutoff);
  await inBatches(
    db.prepare(
      `DELETE FROM events WHERE (conversation_id, id) IN
         (SELECT conversation_id, id FROM events WHERE at < ? LIMIT ${SWEEP_BATCH})`,
    ),
    cutoff,
  );
  await inBatches(
    db.prepare(
      `DELETE FROM event_keys WHERE (conversation_id, key) IN
         (SELECT k.conversation_id, k.key FROM event_keys AS k JOIN logs USING (conversation_id)
          WHERE k.first_id <= logs.trimmed_through LIMIT ${SWEEP_BATCH})`,
    ),
  );
  // A conversation older than the kept age with no event left is forgotten.
  db.transaction(() => {
    const forgotten = `SELECT conversation_id FROM sessions AS s WHERE s.created_at < @cutoff
      AND NOT EXISTS (SELECT 1 FROM events AS e WHERE e.conversation_id = s.conversation_id)
      AND NOT EXISTS (SELECT 1 FROM outbox AS o
                      WHERE o.conversation_id = s.conversation_id AND o.status = 'pending')`;
    for (const table of ['logs', 'event_keys', 'outbox']) {
      db.prepare(`DELETE FROM ${table} WHERE conversation_id IN (${forgotten})`).run({ cutoff });
    }
    db.prepare(`DELETE FROM sessions WHERE conversation_id IN (${forgotten})`).run({ cutoff });
  })();
  db.prepare(
    "DELETE FROM outbox WHERE status != 'pending' AND settled_at IS NOT NULL AND settled_at < ?",
  ).run(now - retention.keepSettledMessagesMs);
  db.prepare('DELETE FROM dedupe WHERE expires_at <= ?').run(now);
}

async function inBatches(statement: Database.Statement, ...params: unknown[]) {
  while (statement.run(...params).changes >= SWEEP_BATCH) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
