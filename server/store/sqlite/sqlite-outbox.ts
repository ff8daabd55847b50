import type Database from 'better-sqlite3';
import { CardSubmit } from '../../../protocol/events.js';
import { AttachmentIds, parseStored } from '../../stored-json.js';
import type { Outbox, OutboxMessage } from '../store.js';

interface OutboxRow {
  conversation_id: string;
  client_message_id: string;
  text: string;
  attachment_ids: string;
  quick_reply_payload: string | null;
  card_submit: string | null;
  created_at: number;
  status: OutboxMessage['status'];
  attempts: number;
  next_attempt_at: number;
  reason: string | null;
}

function toMessage(row: OutboxRow | undefined): OutboxMessage | undefined {
  if (!row) return undefined;
  return {
    conversationId: row.conversation_id,
    clientMessageId: row.client_message_id,
    text: row.text,
    attachmentIds: parseStored(AttachmentIds, row.attachment_ids, 'attachment ids'),
    ...(row.quick_reply_payload !== null ? { quickReplyPayload: row.quick_reply_payload } : {}),
    ...(row.card_submit !== null
      ? { cardSubmit: parseStored(CardSubmit, row.card_submit, 'card submit') }
      : {}),
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

/**
 * The outbox in SQLite: `seq` (AUTOINCREMENT) orders each conversation's queue.
 * The lease is in memory: an embedded store serves one process, and a lease must
 * not outlive a crash of the process that held it.
 */
export class SqliteOutbox implements Outbox {
  readonly #db: Database.Database;
  readonly #leases = new Map<string, { holder: string; until: number }>();
  /** Asked every half second by the outbox worker: prepared once, not on every poll. */
  readonly #due: Database.Statement<[number, number], { conversation_id: string }>;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#due = db.prepare(
      `SELECT conversation_id FROM outbox AS o
       WHERE status = 'pending' AND next_attempt_at <= ?
         AND seq = (SELECT MIN(seq) FROM outbox
                    WHERE conversation_id = o.conversation_id AND status = 'pending')
       ORDER BY next_attempt_at LIMIT ?`,
    );
  }

  async add(message: OutboxMessage) {
    const inserted = this.#db
      .prepare(
        `INSERT INTO outbox (conversation_id, client_message_id, text, attachment_ids,
                             quick_reply_payload, card_submit, created_at, status, attempts,
                             next_attempt_at, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (conversation_id, client_message_id) DO NOTHING`,
      )
      .run(
        message.conversationId,
        message.clientMessageId,
        message.text,
        JSON.stringify(message.attachmentIds),
        message.quickReplyPayload ?? null,
        message.cardSubmit ? JSON.stringify(message.cardSubmit) : null,
        message.createdAt,
        message.status,
        message.attempts,
        message.nextAttemptAt,
        message.reason ?? null,
      );
    if (inserted.changes === 1) return { added: true } as const;
    const existing = await this.get(message.conversationId, message.clientMessageId);
    return { added: false, existing: existing! } as const;
  }

  async get(conversationId: string, clientMessageId: string) {
    return toMessage(
      this.#db
        .prepare<[string, string], OutboxRow>(
          'SELECT * FROM outbox WHERE conversation_id = ? AND client_message_id = ?',
        )
        .get(conversationId, clientMessageId),
    );
  }

  async head(conversationId: string) {
    return toMessage(
      this.#db
        .prepare<[string], OutboxRow>(
          `SELECT * FROM outbox WHERE conversation_id = ? AND status = 'pending'
           ORDER BY seq LIMIT 1`,
        )
        .get(conversationId),
    );
  }

  async due(now: number, limit: number): Promise<string[]> {
    return this.#due.all(now, limit).map((row) => row.conversation_id);
  }

  async reschedule(
    conversationId: string,
    clientMessageId: string,
    update: { attempts: number; nextAttemptAt: number; reason?: string },
  ) {
    this.#db
      .prepare(
        `UPDATE outbox SET attempts = ?, next_attempt_at = ?, reason = COALESCE(?, reason)
         WHERE conversation_id = ? AND client_message_id = ?`,
      )
      .run(
        update.attempts,
        update.nextAttemptAt,
        update.reason ?? null,
        conversationId,
        clientMessageId,
      );
  }

  async settle(
    conversationId: string,
    clientMessageId: string,
    outcome: { status: 'sent' | 'failed'; attempts: number; reason?: string },
  ) {
    this.#db
      .prepare(
        `UPDATE outbox SET status = ?, attempts = ?, reason = ?, settled_at = ?
         WHERE conversation_id = ? AND client_message_id = ?`,
      )
      .run(
        outcome.status,
        outcome.attempts,
        outcome.reason ?? null,
        Date.now(),
        conversationId,
        clientMessageId,
      );
  }

  async lease(conversationId: string, holder: string, ttlMs: number) {
    const now = Date.now();
    const current = this.#leases.get(conversationId);
    if (current && current.holder !== holder && current.until > now) return false;
    this.#leases.set(conversationId, { holder, until: now + ttlMs });
    return true;
  }

  async release(conversationId: string, holder: string) {
    if (this.#leases.get(conversationId)?.holder === holder) this.#leases.delete(conversationId);
  }

  async depth() {
    return this.#db
      .prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'")
      .get()!.n;
  }
}
