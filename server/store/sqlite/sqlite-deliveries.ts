import type Database from 'better-sqlite3';
import type { Deliveries, Delivery } from '../deliveries.js';

export const DELIVERIES_SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  reason TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
`;

interface Row {
  id: string;
  kind: string;
  payload: string;
  created_at: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  reason: string | null;
}

const KINDS = new Set(['offline-message', 'transcript-email']);
const STATUSES = new Set(['pending', 'delivered', 'failed']);

function fromRow(row: Row): Delivery {
  if (!KINDS.has(row.kind) || !STATUSES.has(row.status)) {
    throw new Error(`delivery ${row.id} has an unknown kind or status`);
  }
  return {
    id: row.id,
    kind: row.kind as Delivery['kind'],
    payload: row.payload,
    createdAt: row.created_at,
    status: row.status as Delivery['status'],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

/** Deliveries in the proxy's SQLite file, written before the promise resolves. */
export class SqliteDeliveries implements Deliveries {
  /** Asked every second by the delivery worker: prepared once, not on every poll. */
  readonly #due: Database.Statement<[number, number], Row>;

  constructor(private readonly db: Database.Database) {
    db.exec(DELIVERIES_SCHEMA);
    this.#due = db.prepare(
      `SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY created_at LIMIT ?`,
    );
  }

  async add(delivery: Delivery) {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO deliveries (id, kind, payload, created_at, status, attempts, next_attempt_at, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        delivery.id,
        delivery.kind,
        delivery.payload,
        delivery.createdAt,
        delivery.status,
        delivery.attempts,
        delivery.nextAttemptAt,
        delivery.reason ?? null,
      );
    return result.changes === 1;
  }

  async get(id: string) {
    const row = this.db.prepare<[string], Row>('SELECT * FROM deliveries WHERE id = ?').get(id);
    return row ? fromRow(row) : undefined;
  }

  async due(now: number, limit: number) {
    return this.#due.all(now, limit).map(fromRow);
  }

  async reschedule(
    id: string,
    update: { attempts: number; nextAttemptAt: number; reason?: string },
  ) {
    this.db
      .prepare(
        `UPDATE deliveries SET attempts = ?, next_attempt_at = ?, reason = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(update.attempts, update.nextAttemptAt, update.reason ?? null, id);
  }

  async settle(
    id: string,
    outcome: { status: 'delivered' | 'failed'; attempts: number; reason?: string },
  ) {
    this.db
      .prepare('UPDATE deliveries SET status = ?, attempts = ?, reason = ? WHERE id = ?')
      .run(outcome.status, outcome.attempts, outcome.reason ?? null, id);
  }

  async pending() {
    const row = this.db
      .prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE status = 'pending'")
      .get();
    return row?.n ?? 0;
  }
}
