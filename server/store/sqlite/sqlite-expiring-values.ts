import type Database from 'better-sqlite3';
import type { Claim, ExpiringValues } from '../store.js';

/**
 * Statements are prepared once: the typing throttle and every legacy webhook use
 * them. The table keeps its first name, `dedupe`, so existing data files open as
 * they are.
 */
export class SqliteExpiringValues implements ExpiringValues {
  readonly #setIfAbsent: Database.Statement<[string, string, number, number]>;
  readonly #set: Database.Statement<[string, string, number]>;
  readonly #value: Database.Statement<[string], { value: string }>;
  readonly #live: Database.Statement<[string, number], { value: string }>;

  constructor(db: Database.Database) {
    // An expired row counts as absent: take it over.
    this.#setIfAbsent = db.prepare(
      `INSERT INTO dedupe (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE dedupe.expires_at <= ?`,
    );
    this.#set = db.prepare(
      `INSERT INTO dedupe (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    );
    this.#value = db.prepare('SELECT value FROM dedupe WHERE key = ?');
    this.#live = db.prepare('SELECT value FROM dedupe WHERE key = ? AND expires_at > ?');
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#set.run(key, value, Date.now() + ttlSeconds * 1000);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<Claim> {
    const now = Date.now();
    const taken = this.#setIfAbsent.run(key, value, now + ttlSeconds * 1000, now);
    if (taken.changes === 1) return { first: true };
    return { first: false, value: this.#value.get(key)?.value ?? value };
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live.get(key, Date.now())?.value;
  }
}
