import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CachedSessions } from '../cached-sessions.js';
import { LocalBus } from '../local-bus.js';
import { MemoryRateCounters } from '../memory-rate-counters.js';
import type { Retention, Store } from '../store.js';
import { Checkpointer } from './checkpointer.js';
import { SqliteDeliveries } from './sqlite-deliveries.js';
import { markTrimmedStatement, SqliteEventLog } from './sqlite-event-log.js';
import { SqliteExpiringValues } from './sqlite-expiring-values.js';
import { forgetConversation } from './sqlite-forget.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { SqliteRatings } from './sqlite-ratings.js';
import { SqliteSessions } from './sqlite-sessions.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  conversation_id TEXT NOT NULL,
  id INTEGER NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (conversation_id, id)
) WITHOUT ROWID;
-- No index on \`at\`: one more page written per append. A conversation's events are in
-- time order, so the sweep finds the old ones at the start of each log.
DROP INDEX IF EXISTS events_at;
-- How far a conversation's log was trimmed (ids never go back below it); written only
-- when it is trimmed. last_id: files written before ids came from the events themselves.
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
  visitor_id TEXT,
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
-- The visitors' ratings, one per conversation; kept as long as events (MAX_EVENT_AGE_DAYS).
CREATE TABLE IF NOT EXISTS ratings (
  conversation_id TEXT PRIMARY KEY,
  score INTEGER NOT NULL,
  scale TEXT NOT NULL,
  comment TEXT,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ratings_at ON ratings (created_at);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (conversation_id, seq) WHERE status = 'pending';
`;

/** Columns added since the table was first made: a data file from before gets them on open. */
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
  addColumn(db, 'sessions', 'visitor_id', 'TEXT');
  addColumn(db, 'sessions', 'queue_id', 'TEXT');
  addColumn(db, 'outbox', 'quick_reply_payload', 'TEXT');
  addColumn(db, 'outbox', 'card_submit', 'TEXT');
  const checkpointer = path === ':memory:' ? undefined : checkpointOffTheLoop(db, path);
  const rates = new MemoryRateCounters();
  // Every webhook looks its session up by 8x8's id: from memory (the file stays the truth).
  const sessions = new CachedSessions(new SqliteSessions(db));
  // The probe writes pages' worth, as an append does: on a full disk a WAL with a little room
  // left takes a one-row rewrite, so a tiny probe said "ready" while appends were refused.
  const probe = db.prepare(
    'INSERT OR REPLACE INTO probe (id, at) VALUES (1, ?), (2, randomblob(16384))',
  );

  return {
    events: new SqliteEventLog(db, retention, checkpointer),
    bus: new LocalBus(),
    sessions,
    values: new SqliteExpiringValues(db),
    outbox: new SqliteOutbox(db),
    rates,
    ratings: new SqliteRatings(db),
    async forget(conversationId) {
      forgetConversation(db, conversationId);
      sessions.forget(conversationId);
    },
    deliveries: new SqliteDeliveries(db),
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
      sessions.clear();
    },
    async close() {
      if (!db.open) return;
      await checkpointer?.close();
      // Fold the WAL into the main file, so the data file alone is the whole state.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

/** The worker checkpoints (checkpointer.ts); should it fail, this connection does, as by default. */
function checkpointOffTheLoop(db: Database.Database, path: string): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  return new Checkpointer(path, () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
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
  await trimOlderThan(db, cutoff);
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
  db.prepare('DELETE FROM ratings WHERE created_at < ?').run(cutoff);
}

/**
 * Deletes each log's events older than `cutoff`: they are the first of the log (ids
 * follow time), so each log costs a seek, plus a row per event deleted. How far each
 * log was cut is recorded: a client resuming from a trimmed id must get `reset`.
 */
async function trimOlderThan(db: Database.Database, cutoff: string) {
  const nextLog = db
    .prepare<[string], string>(
      'SELECT conversation_id FROM events WHERE conversation_id > ? ORDER BY conversation_id LIMIT 1',
    )
    .pluck();
  const oldest = db.prepare<[string], { id: number; at: string }>(
    'SELECT id, at FROM events WHERE conversation_id = ? ORDER BY id',
  );
  const trim = db.prepare('DELETE FROM events WHERE conversation_id = ? AND id <= ?');
  const markTrimmed = markTrimmedStatement(db);
  const cut = db.transaction((conversationId: string, through: number) => {
    trim.run(conversationId, through);
    markTrimmed.run({ conversationId, through });
  });
  let conversationId = '';
  for (let visited = 1; ; visited++) {
    const next = nextLog.get(conversationId);
    if (next === undefined) return;
    conversationId = next;
    let through = 0;
    for (const event of oldest.iterate(conversationId)) {
      if (event.at >= cutoff) break;
      through = event.id;
    }
    if (through > 0) cut(conversationId, through);
    if (visited % SWEEP_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function inBatches(statement: Database.Statement, ...params: unknown[]) {
  while (statement.run(...params).changes >= SWEEP_BATCH) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
