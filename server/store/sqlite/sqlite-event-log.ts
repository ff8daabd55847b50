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
 * The event log in SQLite: ids from the `logs` row, so they keep increasing after trims.
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

  constructor(db: Database.Database, retention: Pick<Retention, 'maxEventsPerConversation'>) {
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
    // Each append is a savepoint inside the batch: one that fails is undone alone.
    this.#appendAll = db.transaction((batch: PendingAppend[]) =>
      batch.map((one) => {
        try {
          return this.#append(one.conversationId, one.events, one.key);
        } catch (failed) {
          return { failed };
        }
      }),
    );
    this.#read = db.prepare(
      'SELECT id, at, body FROM events WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
    this.#trimmedThrough = db.prepare('SELECT trimmed_through FROM logs WHERE conversation_id = ?');
  }

  append(conversationId: string, events: ParleyEvent[], key?: string): Promise<Appended> {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#commit());
      this.#pending.push({ conversationId, events, key, resolve, reject });
    });
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
