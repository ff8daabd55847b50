import type { Session, Sessions } from './store.js';

export interface SessionCacheOptions {
  /** Sessions kept, the least recently used dropped first. */
  maxEntries?: number;
  /** A kept session is read from the store again after this long, ms (a safety net). */
  maxAgeMs?: number;
  /** Told after each update went to the store: where other instances learn to forget it. */
  changed?: (conversationId: string) => void;
}

interface Entry {
  session: Session;
  loadedAt: number;
}

/**
 * Sessions looked up by 8x8's id from memory: every webhook does this lookup, and
 * its answer hardly ever changes (a session never changes its upstream id once set).
 * The store stays the truth: a miss, or an entry older than `maxAgeMs`, reads it;
 * every write goes to the store first and then updates what is kept, and `changed`
 * is told, so that other instances `forget` it (redis/session-changes.ts). A miss is
 * never kept (a session another instance creates is found at once). A lookup whose
 * store read overlapped a `forget` or `clear` answers what it read but does not keep
 * it: what it read may be older than the change. `get` (which authorises visitors)
 * always reads the store.
 */
export class CachedSessions implements Sessions {
  readonly #store: Sessions;
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  readonly #changed: ((conversationId: string) => void) | undefined;
  /** Bumped by every update, forget and clear: a store read that overlapped one is not kept. */
  #epoch = 0;
  /** By upstream id, least recently used first (a Map keeps insertion order). */
  readonly #byUpstreamId = new Map<string, Entry>();
  readonly #upstreamIdOf = new Map<string, string>();

  constructor(store: Sessions, options: SessionCacheOptions = {}) {
    this.#store = store;
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#changed = options.changed;
  }

  async create(session: Session): Promise<void> {
    await this.#store.create(session);
    this.#keep(session);
  }

  get(conversationId: string): Promise<Session | undefined> {
    return this.#store.get(conversationId);
  }

  async findByUpstreamId(upstreamId: string): Promise<Session | undefined> {
    const entry = this.#byUpstreamId.get(upstreamId);
    if (entry && Date.now() - entry.loadedAt < this.#maxAgeMs) {
      this.#byUpstreamId.delete(upstreamId);
      this.#byUpstreamId.set(upstreamId, entry);
      return { ...entry.session };
    }
    const epoch = this.#epoch;
    const session = await this.#store.findByUpstreamId(upstreamId);
    if (session && epoch === this.#epoch) this.#keep(session);
    else this.#drop(upstreamId);
    return session;
  }

  async update(conversationId: string, patch: Partial<Omit<Session, 'conversationId'>>) {
    await this.#store.update(conversationId, patch);
    // A lookup whose read was in flight meanwhile may have read the session before.
    this.#epoch++;
    this.#changed?.(conversationId);
    const upstreamId = this.#upstreamIdOf.get(conversationId);
    const entry = upstreamId === undefined ? undefined : this.#byUpstreamId.get(upstreamId);
    if (!entry || upstreamId === undefined) return;
    if (patch.upstreamId !== undefined && patch.upstreamId !== upstreamId) {
      this.#drop(upstreamId);
      return;
    }
    // Keeps its load time: a patch says only what it changed, not what others did.
    entry.session = { ...entry.session, ...patch };
  }

  /** Forgets one session (another instance changed it). */
  forget(conversationId: string): void {
    this.#epoch++;
    const upstreamId = this.#upstreamIdOf.get(conversationId);
    if (upstreamId !== undefined) this.#drop(upstreamId);
  }

  /** Forgets everything kept (after the store dropped sessions, e.g. a sweep). */
  clear(): void {
    this.#epoch++;
    this.#byUpstreamId.clear();
    this.#upstreamIdOf.clear();
  }

  #keep(session: Session) {
    const { upstreamId, conversationId } = session;
    if (upstreamId === undefined) return;
    this.#drop(upstreamId);
    this.#byUpstreamId.set(upstreamId, { session: { ...session }, loadedAt: Date.now() });
    this.#upstreamIdOf.set(conversationId, upstreamId);
    if (this.#byUpstreamId.size > this.#maxEntries) {
      const [oldest] = this.#byUpstreamId.keys();
      if (oldest !== undefined) this.#drop(oldest);
    }
  }

  #drop(upstreamId: string) {
    const entry = this.#byUpstreamId.get(upstreamId);
    if (!entry) return;
    this.#byUpstreamId.delete(upstreamId);
    this.#upstreamIdOf.delete(entry.session.conversationId);
  }
}
