import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { LoggedEvent, ParleyEvent } from '../protocol.js';
import { LocalBus } from './local-bus.js';
import type {
  Appended,
  Claim,
  Dedupe,
  EventLog,
  LogRead,
  Session,
  Sessions,
  Store,
} from './store.js';

export interface Retention {
  /** Events kept per conversation; older ones are trimmed. */
  maxEventsPerConversation: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  conversation_id TEXT NOT NULL,
  id INTEGER NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (conversation_id, id)
) WITHOUT ROWID;
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
);
CREATE TABLE IF NOT EXISTS dedupe (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous,
 * so every write is on disk (in the WAL) before the promise resolves; a webhook
 * acknowledged after `append` survives a SIGKILL of the proxy.
 */
export function openSqliteStore(path: string, retention: Retention): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; only an OS crash or power loss
  // can lose the last transactions.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  return {
    events: new SqliteEventLog(db, retention),
    bus: new LocalBus(),
    sessions: new SqliteSessions(db),
    dedupe: new SqliteDedupe(db),
    async ready() {
      try {
        db.prepare('SELECT 1').get();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      db.close();
    },
  };
}

interface EventRow {
  id: number;
  at: string;
  body: string;
}

class SqliteEventLog implements EventLog {
  readonly #append: (conversationId: string, events: ParleyEvent[], key?: string) => Appended;
  readonly #read: Database.Statement<[string, number, number], EventRow>;
  readonly #trimmedThrough: Database.Statement<[string], { trimmed_through: number }>;

  constructor(db: Database.Database, retention: Retention) {
    const claimKey = db.prepare(
      'INSERT OR IGNORE INTO event_keys (conversation_id, key, first_id) VALUES (?, ?, 0)',
    );
    const bump = db.prepare<[string], { last_id: number }>(
      `INSERT INTO logs (conversation_id, last_id) VALUES (?, 1)
       ON CONFLICT (conversation_id) DO UPDATE SET last_id = last_id + 1
       RETURNING last_id`,
    );
    const insert = db.prepare(
      'INSERT INTO events (conversation_id, id, at, body) VALUES (?, ?, ?, ?)',
    );
    const trimEvents = db.prepare('DELETE FROM events WHERE conversation_id = ? AND id <= ?');
    const trimKeys = db.prepare(
      'DELETE FROM event_keys WHERE conversation_id = ? AND first_id <= ?',
    );
    const markTrimmed = db.prepare('UPDATE logs SET trimmed_through = ? WHERE conversation_id = ?');
    const setKeyId = db.prepare(
      'UPDATE event_keys SET first_id = ? WHERE conversation_id = ? AND key = ?',
    );

    this.#append = db.transaction((conversationId: string, events: ParleyEvent[], key?: string) => {
      if (key !== undefined && claimKey.run(conversationId, key).changes === 0) {
        return { events: [], duplicate: true };
      }
      const at = new Date().toISOString();
      const logged = events.map((event) => {
        const id = bump.get(conversationId)!.last_id;
        insert.run(conversationId, id, at, JSON.stringify(event));
        return { ...event, id, at } as LoggedEvent;
      });
      const lastId = logged.at(-1)?.id;
      if (lastId === undefined) return { events: logged, duplicate: false };
      if (key !== undefined) setKeyId.run(logged[0]!.id, conversationId, key);
      const trimThrough = lastId - retention.maxEventsPerConversation;
      if (trimThrough > 0) {
        trimEvents.run(conversationId, trimThrough);
        trimKeys.run(conversationId, trimThrough);
        markTrimmed.run(trimThrough, conversationId);
      }
      return { events: logged, duplicate: false };
    });
    this.#read = db.prepare(
      'SELECT id, at, body FROM events WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
    this.#trimmedThrough = db.prepare('SELECT trimmed_through FROM logs WHERE conversation_id = ?');
  }

  async append(conversationId: string, events: ParleyEvent[], key?: string): Promise<Appended> {
    return this.#append(conversationId, events, key);
  }

  async readAfter(conversationId: string, afterId: number, limit: number): Promise<LogRead> {
    const trimmedThrough = this.#trimmedThrough.get(conversationId)?.trimmed_through ?? 0;
    const events = this.#read
      .all(conversationId, afterId, limit)
      .map((row) => ({ ...(JSON.parse(row.body) as ParleyEvent), id: row.id, at: row.at }));
    return { events, gap: afterId > 0 && afterId < trimmedThrough };
  }
}

interface SessionRow {
  conversation_id: string;
  upstream_id: string | null;
  created_at: string;
  status: Session['status'];
  token_version: number;
}

function toSession(row: SessionRow | undefined): Session | undefined {
  if (!row) return undefined;
  return {
    conversationId: row.conversation_id,
    ...(row.upstream_id ? { upstreamId: row.upstream_id } : {}),
    createdAt: row.created_at,
    status: row.status,
    tokenVersion: row.token_version,
  };
}

const SESSION_COLUMNS: Record<keyof Omit<Session, 'conversationId'>, string> = {
  upstreamId: 'upstream_id',
  createdAt: 'created_at',
  status: 'status',
  tokenVersion: 'token_version',
};

class SqliteSessions implements Sessions {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  async create(session: Session): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO sessions (conversation_id, upstream_id, created_at, status, token_version)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(
        session.conversationId,
        session.upstreamId ?? null,
        session.createdAt,
        session.status,
        session.tokenVersion,
      );
  }

  async get(conversationId: string): Promise<Session | undefined> {
    return toSession(
      this.#db
        .prepare<[string], SessionRow>('SELECT * FROM sessions WHERE conversation_id = ?')
        .get(conversationId),
    );
  }

  async findByUpstreamId(upstreamId: string): Promise<Session | undefined> {
    return toSession(
      this.#db
        .prepare<[string], SessionRow>('SELECT * FROM sessions WHERE upstream_id = ?')
        .get(upstreamId),
    );
  }

  async update(conversationId: string, patch: Partial<Omit<Session, 'conversationId'>>) {
    const entries = Object.entries(patch) as [keyof typeof SESSION_COLUMNS, unknown][];
    if (entries.length === 0) return;
    const sets = entries.map(([key]) => `${SESSION_COLUMNS[key]} = ?`).join(', ');
    this.#db
      .prepare(`UPDATE sessions SET ${sets} WHERE conversation_id = ?`)
      .run(...entries.map(([, value]) => value), conversationId);
  }
}

class SqliteDedupe implements Dedupe {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  async claim(key: string, value: string, ttlSeconds: number): Promise<Claim> {
    const now = Date.now();
    // An expired row counts as absent: take it over.
    const taken = this.#db
      .prepare(
        `INSERT INTO dedupe (key, value, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
         WHERE dedupe.expires_at <= ?`,
      )
      .run(key, value, now + ttlSeconds * 1000, now);
    if (taken.changes === 1) return { first: true };
    const row = this.#db
      .prepare<[string], { value: string }>('SELECT value FROM dedupe WHERE key = ?')
      .get(key);
    return { first: false, value: row?.value ?? value };
  }

  async get(key: string): Promise<string | undefined> {
    return this.#db
      .prepare<[string, number], { value: string }>(
        'SELECT value FROM dedupe WHERE key = ? AND expires_at > ?',
      )
      .get(key, Date.now())?.value;
  }

  async settle(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#db
      .prepare('UPDATE dedupe SET value = ?, expires_at = ? WHERE key = ?')
      .run(value, Date.now() + ttlSeconds * 1000, key);
  }
}
