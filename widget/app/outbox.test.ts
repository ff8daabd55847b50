import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutbox, type OutboxJob } from './outbox.js';
import { ProxyError } from './proxy-client.js';

let online = true;

beforeEach(() => {
  vi.useFakeTimers();
  online = true;
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A job whose sends answer as told, recording each attempt. */
function job(key: string, answers: (ProxyError | 'ok')[], log: string[]) {
  const failed = vi.fn();
  const item: OutboxJob = {
    key,
    run: async () => {
      log.push(key);
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') throw answer;
    },
    fail: failed,
  };
  return { item, failed };
}

describe('the outbox', () => {
  it('sends in order, one at a time', async () => {
    const outbox = createOutbox();
    const log: string[] = [];
    for (const key of ['a', 'b', 'c']) outbox.add(job(key, [], log).item);
    await vi.runAllTimersAsync();
    expect(log).toEqual(['a', 'b', 'c']);
    outbox.stop();
  });

  it('keeps messages written offline until the browser is online, then sends them in order', async () => {
    const outbox = createOutbox();
    const log: string[] = [];
    const dropped: OutboxJob = {
      key: 'a',
      fail: vi.fn(),
      run: async () => {
        log.push('a');
        if (log.length === 1) {
          online = false; // the connection drops during the first send
          throw new ProxyError(0, 'network');
        }
      },
    };
    outbox.add(dropped);
    outbox.add(job('b', [], log).item);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(log).toEqual(['a']);
    online = true;
    window.dispatchEvent(new Event('online'));
    await vi.runAllTimersAsync();
    expect(log).toEqual(['a', 'a', 'b']);
    expect(dropped.fail).not.toHaveBeenCalled();
    outbox.stop();
  });

  it('retries a network error, a 429 (after Retry-After) and a 5xx, keeping the order', async () => {
    const outbox = createOutbox();
    const log: string[] = [];
    outbox.add(
      job(
        'a',
        [
          new ProxyError(0, 'network'),
          new ProxyError(429, 'slow down', 5000),
          new ProxyError(503, 'busy'),
        ],
        log,
      ).item,
    );
    outbox.add(job('b', [], log).item);
    await vi.advanceTimersByTimeAsync(4999);
    expect(log).toEqual(['a', 'a']);
    await vi.runAllTimersAsync();
    expect(log).toEqual(['a', 'a', 'a', 'a', 'b']);
    outbox.stop();
  });

  it('fails a message the proxy refuses, or one the network keeps failing, and goes on with the next', async () => {
    const outbox = createOutbox();
    const log: string[] = [];
    const refused = job('a', [new ProxyError(409, 'The conversation is closed.')], log);
    const flaky = job(
      'b',
      Array.from({ length: 10 }, () => new ProxyError(0, 'network')),
      log,
    );
    const fine = job('c', [], log);
    for (const { item } of [refused, flaky, fine]) outbox.add(item);
    await vi.runAllTimersAsync();
    expect(refused.failed).toHaveBeenCalledWith('The conversation is closed.');
    expect(flaky.failed).toHaveBeenCalledWith('network');
    expect(log.filter((key) => key === 'b')).toHaveLength(4);
    expect(log.at(-1)).toBe('c');
    outbox.stop();
  });
});
