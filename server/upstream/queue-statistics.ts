import { isRecord, type JsonRecord, list, record } from './json-read.js';

/**
 * What 8x8's real-time statistics say of one queue, as the widget may show it.
 * A field is absent when 8x8 did not say: the widget then says nothing of it.
 */
export interface QueueWait {
  /** Chats waiting in the queue now (it probably counts the visitor's own). */
  waiting?: number;
  /** The queue's recent average wait, seconds: 8x8 publishes no per-chat estimate. */
  estimatedWaitSeconds?: number;
}

/**
 * The queue's agents, as counts: what GET /v1/availability makes of "open but
 * nobody logged in". Absent when 8x8 did not say.
 */
export interface QueueAgents {
  /**
   * `enabled.rt`: "agents logged in, assigned and enabled for the queue, whatever
   * their status". Whether agents who are logged out count too is [UNCONFIRMED];
   * read as logged in. Were they counted, the proxy would think someone is
   * there and keep the chat open: the safe side.
   */
  agentsLoggedIn?: number;
  /** `availableIdle.rt`: agents sitting in Available, ready for the next interaction. */
  agentsAvailable?: number;
}

/** All the proxy keeps of a queue's statistics, one 8x8 call per interval. */
export type QueueStats = QueueWait & QueueAgents;

/** The Real-time Metrics API's metrics the proxy asks for (glossary names). */
export const QUEUE_METRICS = [
  'interactionsWaitInQueue.rt',
  'interactionsLongestWaitInQueue.rt',
  'interactionsAvgWaitTime.int-15m',
  'interactionsAvgWaitTime.int-30m',
  'interactionsAvgWaitTime.today',
  'enabled.rt',
  'availableIdle.rt',
] as const;

/**
 * The queue `queueId` out of any documented answer of 8x8's queue statistics:
 * - Real-time Metrics `GET /queues/{id}` (or `/queues?queue-ids=`): the guide's
 *   example is a one-element array, the OAS's `SingleQueueResponse` a bare object
 *   [UNCONFIRMED which]: both are read, and a list is searched for the queue's id;
 * - the legacy rtstats (and its api.8x8.com `cc/v1/stats/rt` form): `{"queue": {…}}`
 *   or `{"queue": [ … ]}` with dashed field names.
 * Anything else, or a queue not in it, is undefined (unknown: nothing is shown).
 */
export function queueStatsFrom(body: unknown, queueId: string): QueueStats | undefined {
  if (isRecord(body) && 'queue' in body) return rtstatsWait(body.queue, queueId);
  const items = Array.isArray(body) ? body : [body];
  const queue = theQueue(items.map(record), (item) => item.id, queueId);
  if (!queue || !Array.isArray(queue.metrics)) return undefined;
  const values = metricMap(queue.metrics);
  return {
    ...metricsWait(values),
    ...agents(values.get('enabled.rt'), values.get('availableIdle.rt')),
  };
}

/** The one asked for by id (8x8's ids may be numbers); a lone queue is the one asked for. */
function theQueue(
  items: JsonRecord[],
  idOf: (item: JsonRecord) => unknown,
  queueId: string,
): JsonRecord | undefined {
  const byId = items.find((item) => String(idOf(item)) === queueId);
  return byId ?? (items.length === 1 && idOf(items[0]!) === undefined ? items[0] : undefined);
}

/**
 * Values come as numbers, numeric strings (the group example's `"0"`) or null:
 * read leniently, and whatever is not a finite number >= 0 is "not said".
 */
function metricMap(metrics: unknown[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const metric of metrics.map(record)) {
    const value = count(metric.value);
    if (typeof metric.key === 'string' && value !== undefined) values.set(metric.key, value);
  }
  return values;
}

/**
 * Times are milliseconds [INFERRED from the examples `29947.4`; `timeOnStatus.rt`
 * is documented in ms]. The average wait is taken over 15 minutes, else 30,
 * else today (reference §1.3); 0 means no chat was answered in the window, not
 * "no wait", so it is not said.
 */
function metricsWait(values: Map<string, number>): QueueWait {
  const averageMs = [
    'interactionsAvgWaitTime.int-15m',
    'interactionsAvgWaitTime.int-30m',
    'interactionsAvgWaitTime.today',
  ]
    .map((key) => values.get(key))
    .find((value) => value !== undefined && value > 0);
  return wait(values.get('interactionsWaitInQueue.rt'), averageMs && averageMs / 1000);
}

/**
 * rtstats: `queue-size` is what Cognigy reads as "interactions ahead", and
 * `thirty-min-avg-wait-time` its expected wait, compared with seconds
 * [INFERRED: seconds]. `enabled-agent-count` is read as the agents logged in,
 * as `enabled.rt` is (the same [UNCONFIRMED] reading, on the same safe side).
 */
function rtstatsWait(queues: unknown, queueId: string): QueueStats | undefined {
  const items = Array.isArray(queues) ? queues : [queues];
  const queue = theQueue(list(items).map(record), (item) => item['queue-id'], queueId);
  if (!queue) return undefined;
  const average = count(queue['thirty-min-avg-wait-time']);
  return {
    ...wait(count(queue['queue-size']), average && average > 0 ? average : undefined),
    // Cognigy's "no agents Available" reads agent-count-waitTransact.
    ...agents(count(queue['enabled-agent-count']), count(queue['agent-count-waitTransact'])),
  };
}

/**
 * A positive average under half a second is still a wait that was measured:
 * it is at least 1 s, never rounded down to 0 (which would read as "not said").
 */
function wait(waiting: number | undefined, seconds: number | undefined): QueueWait {
  return {
    ...(waiting !== undefined ? { waiting: Math.round(waiting) } : {}),
    ...(seconds !== undefined ? { estimatedWaitSeconds: Math.max(1, Math.round(seconds)) } : {}),
  };
}

function agents(loggedIn: number | undefined, available: number | undefined): QueueAgents {
  return {
    ...(loggedIn !== undefined ? { agentsLoggedIn: Math.round(loggedIn) } : {}),
    ...(available !== undefined ? { agentsAvailable: Math.round(available) } : {}),
  };
}

function count(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}
