import type Database from 'better-sqlite3';
import type { Session, Sessions } from '../store.js';

interface SessionRow {
  conversation_id: string;
  upstream_id: string | null;
  visitor_id: string | null;
  created_at: string;
  status: Session['status'];
  token_version: number;
  queue_id: string | null;
}

function toSession(row: SessionRow | undefined): Session | undefined {
  if (!row) return undefined;
  return {
    conversationId: row.conversation_id,
    ...(row.upstream_id ? { upstreamId: row.upstream_id } : {}),
    ...(row.visitor_id ? { visitorId: row.visitor_id } : {}),
    createdAt: row.created_at,
    status: row.status,
    tokenVersion: row.token_version,
    ...(row.queue_id ? { queueId: row.queue_id } : {}),
  };
}

const SESSION_COLUMNS: Record<keyof Omit<Session, 'conversationId'>, string> = {
  upstreamId: 'upstream_id',
  visitorId: 'visitor_id',
  createdAt: 'created_at',
  status: 'status',
  tokenVersion: 'token_version',
  queueId: 'queue_id',
};

/** Statements are prepared once: every webhook looks its conversation up here. */
export class SqliteSessions implements Sessions {
  readonly #db: Database.Database;
  readonly #create: Database.Statement<
    [string, string | null, string | null, string, string, number]
  >;
  readonly #get: Database.Statement<[string], SessionRow>;
  readonly #byUpstreamId: Database.Statement<[string], SessionRow>;
  /** Update statements by the columns they set (a handful of shapes). */
  readonly #updates = new Map<string, Database.Statement<unknown[]>>();

  constructor(db: Database.Database) {
    this.#db = db;
    this.#create = db.prepare(
      `INSERT INTO sessions (conversation_id, upstream_id, visitor_id, created_at, status, token_version)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#get = db.prepare('SELECT * FROM sessions WHERE conversation_id = ?');
    this.#byUpstreamId = db.prepare('SELECT * FROM sessions WHERE upstream_id = ?');
  }

  async create(session: Session): Promise<void> {
    this.#create.run(
      session.conversationId,
      session.upstreamId ?? null,
      session.visitorId ?? null,
      session.createdAt,
      session.status,
      session.tokenVersion,
    );
  }

  async get(conversationId: string): Promise<Session | undefined> {
    return toSession(this.#get.get(conversationId));
  }

  async findByUpstreamId(upstreamId: string): Promise<Session | undefined> {
    return toSession(this.#byUpstreamId.get(upstreamId));
  }

  async update(conversationId: string, patch: Partial<Omit<Session, 'conversationId'>>) {
    const entries = Object.entries(patch) as [keyof typeof SESSION_COLUMNS, unknown][];
    if (entries.length === 0) return;
    const sets = entries.map(([key]) => `${SESSION_COLUMNS[key]} = ?`).join(', ');
    let update = this.#updates.get(sets);
    if (!update) {
      update = this.#db.prepare(`UPDATE sessions SET ${sets} WHERE conversation_id = ?`);
      this.#updates.set(sets, update);
    }
    update.run(...entries.map(([, value]) => value), conversationId);
  }
}
