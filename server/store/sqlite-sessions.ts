import type Database from 'better-sqlite3';
import type { Session, Sessions } from './store.js';

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

export class SqliteSessions implements Sessions {
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
