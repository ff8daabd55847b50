import type Database from 'better-sqlite3';
import { type LoggedEvent, ParleyEvent } from '../../../protocol/events.js';
import { parseStored } from '../../stored-json.js';
import type { Appended, EventLog, LogRead, Retention } from '../store.js';

interface EventRow {
  id: number;
  at: string;
  body: string;
}

interface PendingAppend {
  conversationId: string;
  events: ParleyEvent[];
  key: string | undefined;
  resolve: (appended: Appended) => void;
  reject: (error: unknown) => void;
}

/**
 * Records how far a log was trimmed (ids never go back below it): run with
 * `{ conversationId, through }`, the last id trimmed away.
 */
export function markTrimmedStatement(db: Database.Database) {
  return db.prepare<[{ conversationId: string; through: number }]>(
    `INSERT INTO logs (conversation_id, last_id, trimmed_through)
     VALUES (@conversationId, @through, @through)
     ON CONFLICT (conversation_id) DO UPDATE SET
       trimmed_through = MAX(trimmed_through, excluded.trimmed_through),
       last_id = MAX(last_id, excluded.last_id)`,
  );
}

/**
 * The event log in SQLite: each id follows the last event's, or, once every event is
 * trimmed away, how far the log was trimmed (the `logs` row), so ids keep increasing.
 * Appends made in the same turn of the event loop are committed together (group commit):
 * under load, many webhooks arrive per turn, and one commit for all of them costs far less
 * than one each. Each caller still hears only after its events are committed.
 */
export class SqliteEventLog implements EventLog {
  readonly #append: (conversationId: string, events: ParleyEvent[], key?: string) => Appended;
  readonly #appendAll: (batch: PendingAppend[]) => (Appended | { failed: unknown })[];
  #pending: PendingAppend[] = [];
  readonly #read: Database.Statement<[string, number, number], EventRow>;
  readonly #trimmedThrough: Database.Statement<[string], { trimmed_through: number }>;

  /** Holds commits now and then so that the WAL can start over (checkpointer.ts). */
  readonly #gate: { readonly gate: Promise<void> | undefined } | undefined;

  constructor(
    db: Database.Database,
    retention: Pick<Retention, 'maxEventsPerConversation'>,
    gate?: { readonly gate: Promise<void> | undefined },
  ) {
    this.#gate = gate;
    // Claims the key with the id its events get; a key already there makes it a duplicate.
    const claimKey = db.prepare(
      'INSERT OR IGNORE INTO event_keys (conversation_id, key, first_id) VALUES (?, ?, ?)',
    );
    // The next id follows the log's last event, or how far it was trimmed when none is left
    // (last_id: files written before ids came from the events themselves).
    const nextId = db
      .prepare<[string, string], number>(
        `SELECT MAX(
           COALESCE((SELECT MAX(id) FROM events WHERE conversation_id = ?), 0),
           COALESCE((SELECT MAX(last_id, trimmed_through) FROM logs WHERE conversation_id = ?), 0)
         ) + 1`,
      )
      .pluck();
    const insert = db.prepare(
      'INSERT INTO events (conversation_id, id, at, body) VALUES (?, ?, ?, ?)',
    );
    const trimEvents = db.prepare('DELETE FROM events WHERE conversation_id = ? AND id <= ?');
    const trimKeys = db.prepare(
      'DELETE FROM event_keys WHERE conversation_id = ? AND first_id <= ?',
    );
    const markTrimmed = markTrimmedStatement(db);

    // Touches as few pages as it can (each one is a WAL frame): the events' leaf and the
    // key's; the logs row only when the log is trimmed.
    this.#append = db.transaction((conversationId: string, events: ParleyEvent[], key?: string) => {
      const firstId = nextId.get(conversationId, conversationId)!;
      if (key !== undefined && claimKey.run(conversationId, key, firstId).changes === 0) {
        return { events: [], duplicate: true };
      }
      const at = new Date().toISOString();
      const logged = events.map((event, n) => {
        const id = firstId + n;
        insert.run(conversationId, id, at, JSON.stringify(event));
        return { ...event, id, at } as LoggedEvent;
      });
      const trimThrough = firstId + events.length - 1 - retention.maxEventsPerConversation;
      if (events.length > 0 && trimThrough > 0) {
        trimEvents.run(conversationId, trimThrough);
        trimKeys.run(conversationId, trimThrough);
        markTrimmed.run({ conversationId, through: trimThrough });
      }
      return { events: logged, duplicate: false };
    });
    // Each append is a savepoint inside the batch: one that fails is undone alone.
    const appendEach = db.transaction((batch: PendingAppend[]) =>
      batch.map((one) => {
        try {
          return this.#append(one.conversationId, one.events, one.key);
        } catch (failed) {
          return { failed };
        }
      }),
    );
    // An append alone in its batch (most of them below ~2,000 webhooks/s) is its own
    // transaction: a savepoint would undo no more than the rollback does, for two more
    // statements per commit.
    this.#appendAll = (batch) => {
      if (batch.length !== 1) return appendEach(batch);
      const [one] = batch as [PendingAppend];
      return [this.#append(one.conversationId, one.events, one.key)];
    };
    this.#read = db.prepare(
      'SELECT id, at, body FROM events WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
    this.#trimmedThrough = db.prepare('SELECT trimmed_through FROM logs WHERE conversation_id = ?');
  }

  append(conversationId: string, events: ParleyEvent[], key?: string): Promise<Appended> {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) this.#schedule();
      this.#pending.push({ conversationId, events, key, resolve, reject });
    });
  }

  #schedule() {
    const held = this.#gate?.gate;
    if (held) void held.then(() => this.#commit());
    else setImmediate(() => this.#commit());
  }

  #commit() {
    const batch = this.#pending;
    this.#pending = [];
    let results: (Appended | { failed: unknown })[];
    try {
      results = this.#appendAll(batch);
    } catch (error) {
      // Nothing of the batch was stored (the transaction rolled back): every caller hears it.
      for (const one of batch) one.reject(error);
      return;
    }
    batch.forEach((one, i) => {
      const result = results[i]!;
      if ('failed' in result) one.reject(result.failed);
      else one.resolve(result);
    });
  }

  async readAfter(conversationId: string, afterId: number, limit: number): Promise<LogRead> {
    const trimmedThrough = this.#trimmedThrough.get(conversationId)?.trimmed_through ?? 0;
    const events = this.#read.all(conversationId, afterId, limit).map((row) => ({
      ...parseStored(ParleyEvent, row.body, `event ${row.id}`),
      id: row.id,
      at: row.at,
    }));
    return { events, gap: afterId > 0 && afterId < trimmedThrough };
  }
}
