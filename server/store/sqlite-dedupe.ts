import type Database from 'better-sqlite3';
import type { Claim, Dedupe } from './store.js';

export class SqliteDedupe implements Dedupe {
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
