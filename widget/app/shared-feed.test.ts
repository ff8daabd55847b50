import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoggedEvent } from '../../protocol/events.js';
import { type FeedHandlers, followShared, type StreamCallbacks } from './shared-feed.js';

/** navigator.locks as browsers do it, for one process: a lock passes on when its holder's promise settles. */
function fakeLocks() {
  const held = new Map<string, Promise<unknown>>();
  return {
    request(name: string, callback: () => Promise<unknown>) {
      const before = held.get(name) ?? Promise.resolve();
      const mine = before.then(() => callback());
      held.set(
        name,
        mine.catch(() => {}),
      );
      return mine;
    },
  };
}

const event = (id: number): LoggedEvent => ({
  type: 'typing',
  role: 'agent',
  typing: true,
  id,
  at: '2026-11-24T10:00:00.000Z',
});

/** A tab: what it received, and the streams it opened. */
function tab() {
  const received: [number, boolean][] = [];
  const statuses: string[] = [];
  const streams: StreamCallbacks[] = [];
  const handlers: FeedHandlers = {
    onEvent: (e, own) => received.push([e.id, own]),
    onReset: () => {},
    onStatus: (status) => statuses.push(status),
  };
  const feed = followShared('c1', handlers, Promise.resolve(), (callbacks) => {
    streams.push(callbacks);
    return { stop: vi.fn() };
  });
  return { received, statuses, streams, feed };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('one event stream per browser', () => {
  beforeEach(() => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('opens the stream in one tab and passes its events to the others', async () => {
    const first = tab();
    await settle();
    const second = tab();
    await settle();
    expect(first.streams).toHaveLength(1);
    expect(second.streams).toHaveLength(0);

    first.streams[0]!.onStatus('live');
    first.streams[0]!.onEvent(event(1));
    await settle();
    expect(first.received).toEqual([[1, true]]);
    expect(second.received).toEqual([[1, false]]);
    expect(second.statuses.at(-1)).toBe('live');
    first.feed.stop();
    second.feed.stop();
  });

  it('hands the stream to another tab when the one holding it closes', async () => {
    const first = tab();
    await settle();
    const second = tab();
    await settle();
    first.feed.stop();
    await settle();
    expect(second.streams).toHaveLength(1);
    second.streams[0]!.onEvent(event(2));
    expect(second.received).toEqual([[2, true]]);
    second.feed.stop();
  });
});
