import { describe, expect, it } from 'vitest';
import type { LoggedEvent, ParleyEvent } from '../../protocol/events.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { EventLog } from '../store/store.js';
import { followConversation } from './conversation-feed.js';

const text = (n: number): ParleyEvent => ({
  type: 'message',
  messageId: `m${n}`,
  role: 'agent',
  text: `${n}`,
  attachments: [],
});

async function append(store: ReturnType<typeof openSqliteStore>, n: number) {
  const { events } = await store.events.append('c', [text(n)]);
  for (const event of events) store.bus.publish('c', event);
}

describe('followConversation', () => {
  it('replays what was missed, then goes live, with no gap and no duplicate at the seam', async () => {
    const store = openSqliteStore(':memory:', { maxEventsPerConversation: 10_000 });
    for (let n = 1; n <= 1200; n++) await append(store, n);

    // A log that lets writers in while the replay is between its first pages.
    let reads = 0;
    const slowLog: EventLog = {
      append: (...args) => store.events.append(...args),
      readAfter: async (...args) => {
        const page = await store.events.readAfter(...args);
        if (reads++ < 4) await append(store, 10_000 + reads); // something new arrives mid-replay
        return page;
      },
    };
    const received: LoggedEvent[] = [];
    const feed = followConversation(slowLog, store.bus, 'c', 100, {
      event: (event) => received.push(event),
      reset: () => {
        throw new Error('no reset expected');
      },
      fail: (error) => {
        throw error;
      },
    });
    await feed.caughtUp;
    for (let n = 0; n < 5; n++) await append(store, 20_000 + n);
    await new Promise((resolve) => setTimeout(resolve, 20));
    feed.stop();

    const ids = received.map((event) => event.id);
    const last = (await store.events.readAfter('c', 0, 100_000)).events.at(-1)!.id;
    expect(ids).toEqual(Array.from({ length: last - 100 }, (_, i) => 101 + i));
    await store.close();
  });

  it('sends reset when the asked-for id is older than the kept history', async () => {
    const store = openSqliteStore(':memory:', { maxEventsPerConversation: 5 });
    for (let n = 1; n <= 20; n++) await append(store, n);
    const seen: string[] = [];
    const feed = followConversation(store.events, store.bus, 'c', 3, {
      event: (event) => seen.push(String(event.id)),
      reset: () => seen.push('reset'),
      fail: () => seen.push('fail'),
    });
    await feed.caughtUp;
    feed.stop();
    expect(seen).toEqual(['reset', '16', '17', '18', '19', '20']);
    await store.close();
  });

  it('fills a hole when the bus skips an id', async () => {
    const store = openSqliteStore(':memory:', { maxEventsPerConversation: 100 });
    const seen: number[] = [];
    const feed = followConversation(store.events, store.bus, 'c', 0, {
      event: (event) => seen.push(event.id),
      reset: () => {},
      fail: () => {},
    });
    await feed.caughtUp;
    await store.events.append('c', [text(1)]); // written, but its notification is lost
    await append(store, 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    feed.stop();
    expect(seen).toEqual([1, 2]);
    await store.close();
  });
});
