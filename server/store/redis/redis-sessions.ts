import type { Redis } from 'ioredis';
import type { Retention, Session, Sessions } from '../store.js';
import { conversationKeys, shared } from './keys.js';
import { idleTtlMs } from './redis-event-log.js';
import { Script } from './script.js';

/** KEYS: session. ARGV: ttl ms, then field, value pairs. Updates a session that exists only. */
const UPDATE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`);

type Patch = Partial<Omit<Session, 'conversationId'>>;

function fields(patch: Patch): string[] {
  return Object.entries(patch).flatMap(([name, value]) =>
    value === undefined ? [] : [name, String(value)],
  );
}

function toSession(conversationId: string, hash: Record<string, string>): Session | undefined {
  if (!hash.createdAt) return undefined;
  return {
    conversationId,
    ...(hash.upstreamId ? { upstreamId: hash.upstreamId } : {}),
    ...(hash.visitorId ? { visitorId: hash.visitorId } : {}),
    createdAt: hash.createdAt,
    status: hash.status === 'closed' ? 'closed' : 'open',
    tokenVersion: Number(hash.tokenVersion),
    ...(hash.queueId ? { queueId: hash.queueId } : {}),
  };
}

/**
 * Sessions as one hash per conversation, with the TTL of the conversation's
 * other keys; 8x8's id finds ours through `parley:upstream:<id>`.
 */
export class RedisSessions implements Sessions {
  readonly #ttlMs: number;

  constructor(
    private readonly redis: Redis,
    retention: Retention,
  ) {
    this.#ttlMs = idleTtlMs(retention);
  }

  async create(session: Session): Promise<void> {
    const { conversationId, ...rest } = session;
    const created = Date.parse(session.createdAt);
    await this.redis.zadd(
      shared.conversations,
      'NX',
      Number.isFinite(created) ? created : Date.now(),
      conversationId,
    );
    const key = conversationKeys(conversationId).session;
    await this.redis
      .multi()
      .hset(key, ...fields(rest))
      .pexpire(key, this.#ttlMs)
      .exec();
    if (session.upstreamId) await this.#index(session.upstreamId, conversationId);
  }

  async get(conversationId: string): Promise<Session | undefined> {
    return toSession(
      conversationId,
      await this.redis.hgetall(conversationKeys(conversationId).session),
    );
  }

  async findByUpstreamId(upstreamId: string): Promise<Session | undefined> {
    const conversationId = await this.redis.get(shared.upstream(upstreamId));
    if (!conversationId) return undefined;
    const session = await this.get(conversationId);
    if (session?.upstreamId !== upstreamId) return undefined;
    // 8x8 still speaks of it: keep the way there as long as the session.
    await this.redis.pexpire(shared.upstream(upstreamId), this.#ttlMs);
    return session;
  }

  async update(conversationId: string, patch: Patch): Promise<void> {
    const pairs = fields(patch);
    if (pairs.length === 0) return;
    const key = conversationKeys(conversationId).session;
    const updated = await UPDATE.run(this.redis, [key], [this.#ttlMs, ...pairs]);
    if (updated === 1 && patch.upstreamId) await this.#index(patch.upstreamId, conversationId);
  }

  async #index(upstreamId: string, conversationId: string) {
    await this.redis.set(shared.upstream(upstreamId), conversationId, 'PX', this.#ttlMs);
  }
}
