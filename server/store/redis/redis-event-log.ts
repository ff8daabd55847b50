import type { Redis } from 'ioredis';
import { type LoggedEvent, ParleyEvent } from '../../../protocol/events.js';
import { parseStored } from '../../stored-json.js';
import type { Appended, EventLog, LogRead, Retention } from '../store.js';
import { allConversationKeys, conversationKeys, shared } from './keys.js';
import { Script, trimThroughLua } from './script.js';

/**
 * KEYS: events, log, appendKeys, then every key of the conversation (for the TTL).
 * ARGV: max events, ttl ms, at, key ('' for none), then the events as JSON.
 * Ids come from the log hash's `last`, in the same script as the XADDs: two
 * instances appending at once get consecutive ids, never the same one.
 */
const APPEND = new Script(`
local events, log, appendKeys = KEYS[1], KEYS[2], KEYS[3]
local maxEvents, ttl, at, key = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
if key ~= '' and redis.call('ZSCORE', appendKeys, key) then return {-1, -1} end
local last = tonumber(redis.call('HGET', log, 'last') or '0')
local first = last + 1
for i = 5, #ARGV do
  last = last + 1
  redis.call('XADD', events, last .. '-0', 'at', at, 'e', ARGV[i])
end
redis.call('HSET', log, 'last', last)
if key ~= '' then redis.call('ZADD', appendKeys, first, key) end
local trim = last - maxEvents
if trim > 0 then${trimThroughLua('trim')}
end
for i = 4, #KEYS do redis.call('PEXPIRE', KEYS[i], ttl) end
return {first, last}
`);

/** A stream entry as XRANGE answers it: [id, [field, value, ...]]. */
type Entry = [string, string[]];

function toLoggedEvent([entryId, fields]: Entry): LoggedEvent {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
  const event = parseStored(ParleyEvent, values.get('e') ?? '', `event ${entryId}`);
  return { ...event, id: Number.parseInt(entryId, 10), at: values.get('at') ?? '' } as LoggedEvent;
}

/** One Redis Stream per conversation; entry `<n>-0` is event n, so reading after an id is XRANGE. */
export class RedisEventLog implements EventLog {
  constructor(
    private readonly redis: Redis,
    private readonly retention: Retention,
  ) {}

  async append(conversationId: string, events: ParleyEvent[], key?: string): Promise<Appended> {
    const keys = conversationKeys(conversationId);
    const at = new Date().toISOString();
    // Indexed before it exists, so the sweep can never miss it (an extra entry is harmless).
    await this.redis.zadd(shared.conversations, 'NX', Date.parse(at), conversationId);
    const [first] = (await APPEND.run(
      this.redis,
      [keys.events, keys.log, keys.appendKeys, ...allConversationKeys(keys)],
      [
        this.retention.maxEventsPerConversation,
        idleTtlMs(this.retention),
        at,
        key ?? '',
        ...events.map((event) => JSON.stringify(event)),
      ],
    )) as [number, number];
    if (first === -1) return { events: [], duplicate: true };
    const logged = events.map((event, index) => ({ ...event, id: first + index, at }));
    return { events: logged as LoggedEvent[], duplicate: false };
  }

  async readAfter(conversationId: string, afterId: number, limit: number): Promise<LogRead> {
    const keys = conversationKeys(conversationId);
    const results = await this.redis
      .multi()
      .xrange(keys.events, `${afterId + 1}-0`, '+', 'COUNT', limit)
      .hget(keys.log, 'trimmed')
      .exec();
    if (!results) throw new Error('reading the event log was aborted');
    for (const [error] of results) if (error) throw error;
    const entries = results[0]![1] as Entry[];
    const trimmed = Number(results[1]![1] ?? 0);
    return { events: entries.map(toLoggedEvent), gap: afterId > 0 && afterId < trimmed };
  }
}

/**
 * A conversation nobody touches expires on its own this long after its last
 * event: the sweep forgets it sooner, this is the backstop should no sweep run.
 */
export function idleTtlMs(retention: Retention): number {
  return retention.maxEventAgeMs + 24 * 60 * 60 * 1000;
}
