import { describe, expect, it } from 'vitest';
import { queueStatsFrom } from './queue-statistics.js';

/** The reference's documented bodies (8x8-contact-center-apis.md §1.1, §1.2), verbatim. */
const GUIDE_SINGLE_QUEUE = `[
    {
        "id": "103",
        "name": "Appointments",
        "metrics": [
            { "key": "entered.today", "value": 7 },
            { "key": "handling.rt", "value": 0 }
        ]
    }
]`;
const RTSTATS_QUEUE = `{"queue": {"queue-id": 0, "queue-name": "", "media-type": "chat", "queue-type": "", "queue-size": 0,
  "longest-wait-time": 0, "number-in-offered": 0, "number-in-progress": 0,
  "assigned-agent-count": 0, "enabled-agent-count": 0,
  "agent-count-waitTransact": 0, "agent-count-busy": 0, "agent-count-postProcess": 0,
  "agent-count-workOffline": 0, "agent-count-onBreak": 0, "agent-count-loggedOut": 0,
  "thirty-min-avg-wait-time": 0, "thirty-min-longest-wait-time": 0, "thirty-min-queued": 0,
  "thirty-min-accepted": 0, "thirty-min-abandoned": 0, "thirty-min-avg-duration": 0, "thirty-min-sla-activity": 0,
  "day-avg-wait-time": 0, "day-queued": 0, "day-accepted": 0, "day-abandoned": 0, "day-avg-duration": 0,
  "day-sla-activity": 0, "sla-activity": 0, "sla-target": 0}}`;

const withMetrics = (metrics: { key: string; value: unknown }[]) => ({
  id: '103',
  name: 'Appointments',
  metrics,
});

describe("8x8's queue statistics, as the wait the visitor is told", () => {
  it('reads the guide’s one-element array: metrics it did not ask for say nothing of the wait', () => {
    expect(queueStatsFrom(JSON.parse(GUIDE_SINGLE_QUEUE), '103')).toEqual({});
  });

  it('reads the waiting count and the 15-minute average (ms) from an array or a bare object', () => {
    const queue = withMetrics([
      { key: 'interactionsWaitInQueue.rt', value: 3 },
      { key: 'interactionsAvgWaitTime.int-15m', value: 29947.4 },
      { key: 'interactionsAvgWaitTime.int-30m', value: 60000 },
    ]);
    const wait = { waiting: 3, estimatedWaitSeconds: 30 };
    expect(queueStatsFrom([queue], '103')).toEqual(wait);
    // The OAS's SingleQueueResponse: a bare object [UNCONFIRMED which 8x8 sends].
    expect(queueStatsFrom(queue, '103')).toEqual(wait);
  });

  it('falls back to the 30-minute then today’s average, and reads strings and nulls leniently', () => {
    const queue = withMetrics([
      { key: 'interactionsWaitInQueue.rt', value: '2' },
      { key: 'interactionsAvgWaitTime.int-15m', value: null },
      { key: 'interactionsAvgWaitTime.int-30m', value: '0' },
      { key: 'interactionsAvgWaitTime.today', value: '90000' },
    ]);
    expect(queueStatsFrom([queue], '103')).toEqual({ waiting: 2, estimatedWaitSeconds: 90 });
  });

  it('keeps a sub-second average as a 1 s wait rather than rounding it away to "not said"', () => {
    const queue = withMetrics([
      { key: 'interactionsWaitInQueue.rt', value: 1 },
      { key: 'interactionsAvgWaitTime.int-15m', value: 320 },
    ]);
    expect(queueStatsFrom([queue], '103')).toEqual({ waiting: 1, estimatedWaitSeconds: 1 });
  });

  it('finds the queue in a list with totals, and knows nothing of a queue not in it', () => {
    const totals = {
      id: null,
      name: 'totals',
      metrics: [{ key: 'total.interactionsWaitInQueue.rt', value: 0 }],
    };
    const list = [withMetrics([{ key: 'interactionsWaitInQueue.rt', value: 4 }]), totals];
    expect(queueStatsFrom(list, '103')).toEqual({ waiting: 4 });
    expect(queueStatsFrom(list, '999')).toBeUndefined();
  });

  it('reads the legacy rtstats body: queue-size, and a zero average is not a wait', () => {
    const body = JSON.parse(RTSTATS_QUEUE);
    const nobody = { agentsLoggedIn: 0, agentsAvailable: 0 };
    expect(queueStatsFrom(body, '0')).toEqual({ waiting: 0, ...nobody });
    body.queue['queue-size'] = 5;
    body.queue['thirty-min-avg-wait-time'] = 120;
    body.queue['enabled-agent-count'] = 3;
    body.queue['agent-count-waitTransact'] = 1;
    const stats = { waiting: 5, estimatedWaitSeconds: 120, agentsLoggedIn: 3, agentsAvailable: 1 };
    expect(queueStatsFrom(body, '0')).toEqual(stats);
    expect(queueStatsFrom({ queue: [body.queue] }, '0')).toEqual(stats);
  });

  it('reads who is logged in (enabled.rt) and available (availableIdle.rt), numbers or strings', () => {
    const queue = withMetrics([
      { key: 'enabled.rt', value: '0' },
      { key: 'availableIdle.rt', value: 0 },
    ]);
    expect(queueStatsFrom([queue], '103')).toEqual({ agentsLoggedIn: 0, agentsAvailable: 0 });
    // null is "not said", not "nobody".
    const unsaid = withMetrics([{ key: 'enabled.rt', value: null }]);
    expect(queueStatsFrom([unsaid], '103')).toEqual({});
  });

  it('says nothing for what is no statistics at all', () => {
    for (const body of [null, 'error', { message: 'Bad request: …' }, [{ id: '103' }]]) {
      expect(queueStatsFrom(body, '103')).toBeUndefined();
    }
    expect(
      queueStatsFrom([withMetrics([{ key: 'interactionsWaitInQueue.rt', value: -1 }])], '103'),
    ).toEqual({});
  });
});
