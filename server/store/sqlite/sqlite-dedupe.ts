import type Database from 'better-sqlite3';
import type { Claim, Dedupe } from '../store.js';

/** Statements are prepared once: every webhook claims its event id here. */
export class SqliteDedupe implements Dedupe {
  readonly #claim: Database.Statement<[string, string, number, number]>;
  readonly #value: Database.Statement<[string], { value: string }>;
  readonly #live: Database.Statement<[string, number], { value: string }>;
  readonly #settle: Database.Statement<[string, number, string]>;

  constructor(db: Database.Database) {
    // An expired row counts as absent: take it over.
    this.#claim = db.prepare(
      `INSERT INTO dedupe (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE dedupe.expires_at <= ?`,
    );
    this.#value = db.prepare('SELECT value FROM dedupe WHERE key = ?');
    this.#live = db.prepare('SELECT value FROM dedupe WHERE key = ? AND expires_at > ?');
    this.#settle = db.prepare('UPDATE dedupe SET value = ?, expires_at = ? WHERE key = ?');
  }

  async claim(key: string, value: string, ttlSeconds: number): Promise<Claim> {
    const now = Date.now();
    const taken = this.#claim.run(key, value, now + ttlSeconds * 1000, now);
    if (taken.changes === 1) return { first: true };
    return { first: false, value: this.#value.get(key)?.value ?? value };
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live.get(key, Date.now())?.value;
  }

  async settle(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#settle.run(value, Date.now() + ttlSeconds * 1000, key);
  }
}
