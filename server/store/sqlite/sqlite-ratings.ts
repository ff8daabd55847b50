import type Database from 'better-sqlite3';
import type { Rating, Ratings } from '../store.js';

interface RatingRow {
  conversation_id: string;
  score: number;
  scale: Rating['scale'];
  comment: string | null;
  created_at: string;
}

function toRating(row: RatingRow): Rating {
  return {
    conversationId: row.conversation_id,
    score: row.score,
    scale: row.scale,
    ...(row.comment ? { comment: row.comment } : {}),
    createdAt: row.created_at,
  };
}

/** One row per conversation: the primary key makes "once per conversation" the table's rule. */
export class SqliteRatings implements Ratings {
  readonly #add: Database.Statement<[string, number, string, string | null, string]>;
  readonly #get: Database.Statement<[string], RatingRow>;
  readonly #since: Database.Statement<[string], RatingRow>;

  constructor(db: Database.Database) {
    this.#add = db.prepare(
      `INSERT INTO ratings (conversation_id, score, scale, comment, created_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING`,
    );
    this.#get = db.prepare('SELECT * FROM ratings WHERE conversation_id = ?');
    this.#since = db.prepare(
      'SELECT * FROM ratings WHERE created_at >= ? ORDER BY created_at, conversation_id',
    );
  }

  async add(rating: Rating): Promise<boolean> {
    const { conversationId, score, scale, comment, createdAt } = rating;
    return this.#add.run(conversationId, score, scale, comment ?? null, createdAt).changes === 1;
  }

  async get(conversationId: string): Promise<Rating | undefined> {
    const row = this.#get.get(conversationId);
    return row ? toRating(row) : undefined;
  }

  async since(since: string): Promise<Rating[]> {
    return this.#since.all(since).map(toRating);
  }
}
