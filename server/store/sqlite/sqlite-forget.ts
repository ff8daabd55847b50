import type Database from 'better-sqlite3';
import { conversationValueKeys } from '../keys.js';

/** The tables keyed by conversation: everything but the expiring values. */
const TABLES = ['events', 'logs', 'event_keys', 'outbox', 'ratings', 'sessions'];

/** Deletes every row of one conversation, in one transaction: all of it goes, or none. */
export function forgetConversation(db: Database.Database, conversationId: string) {
  db.transaction(() => {
    for (const table of TABLES) {
      db.prepare(`DELETE FROM ${table} WHERE conversation_id = ?`).run(conversationId);
    }
    const values = conversationValueKeys(conversationId);
    const byKey = db.prepare('DELETE FROM dedupe WHERE key = ?');
    for (const key of values.keys) byKey.run(key);
    // A prefix compare, not LIKE: `_` in an id would be a LIKE wildcard.
    const byPrefix = db.prepare('DELETE FROM dedupe WHERE substr(key, 1, ?) = ?');
    for (const prefix of values.prefixes) byPrefix.run(prefix.length, prefix);
  })();
}
