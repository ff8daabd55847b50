import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OfflineMessageRequest } from '../../protocol/availability-api.js';
import { createChatState } from './chat-state.js';
import { createOfflineMessages, type OfflineDraft, refusedField } from './offline-messages.js';
import { type ProxyClient, ProxyError } from './proxy-client.js';

const KEY = 'parley-offline:http://proxy.test/';
const draft: OfflineDraft = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  message: 'Please call me back.',
  consent: true,
};

let online = true;
beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  online = true;
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The proxy's POST /v1/offline-messages, answering from a script (then 202). */
function proxy(answers: (ProxyError | 'ok')[] = []) {
  const bodies: OfflineMessageRequest[] = [];
  const client = {
    proxyUrl: 'http://proxy.test/',
    call: vi.fn(async (path: string, init: { body: OfflineMessageRequest }) => {
      expect(path).toBe('/offline-messages');
      bodies.push(init.body);
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') throw answer;
      return { id: init.body.id, status: 'pending' };
    }),
  };
  return { client: client as unknown as ProxyClient, bodies };
}

/** The part over a fresh chat state; `state` is the two signals it writes. */
function offlinePart(client: ProxyClient) {
  const state = createChatState();
  const part = createOfflineMessages(client, KEY, state);
  return { ...part, state: { status: state.offlineMessage, refused: state.offlineRefused } };
}

const kept = () => JSON.parse(localStorage.getItem(KEY) ?? '[]') as OfflineMessageRequest[];

describe('offline messages', () => {
  it('are kept in storage, with an id, before they are sent, and forgotten once the proxy has them', async () => {
    const { client, bodies } = proxy();
    const part = offlinePart(client);
    let keptWhenSent: OfflineMessageRequest[] = [];
    vi.mocked(client.call).mockImplementationOnce(async (_path, init) => {
      keptWhenSent = kept();
      bodies.push((init as { body: OfflineMessageRequest }).body);
      return { id: 'x', status: 'pending' };
    });
    part.submit(draft);
    expect(part.state.status.value).toBe('sending');
    await vi.runAllTimersAsync();
    expect(keptWhenSent).toHaveLength(1);
    expect(keptWhenSent[0]).toMatchObject(draft);
    expect(bodies[0]!.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(bodies[0]!.id).toBe(keptWhenSent[0]!.id);
    expect(kept()).toEqual([]);
    expect(part.state.status.value).toBe('sent');
    part.stop();
  });

  it('are retried with backoff while the proxy cannot be reached, the same id each time', async () => {
    const { client, bodies } = proxy([
      new ProxyError(0, 'network'),
      new ProxyError(503, 'unavailable'),
    ]);
    const part = offlinePart(client);
    part.submit(draft);
    await vi.advanceTimersByTimeAsync(0);
    expect(part.state.status.value).toBe('waiting');
    expect(kept()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    expect(part.state.status.value).toBe('sent');
    expect(kept()).toEqual([]);
    part.stop();
  });

  it('honour Retry-After on a 429', async () => {
    const { client, bodies } = proxy([new ProxyError(429, 'slow down', 40_000)]);
    const part = offlinePart(client);
    part.submit(draft);
    await vi.advanceTimersByTimeAsync(39_000);
    expect(bodies).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(bodies).toHaveLength(2);
    expect(part.state.status.value).toBe('sent');
    part.stop();
  });

  it('survive a reload: a new page sends what the last one kept', async () => {
    const first = proxy(Array.from({ length: 50 }, () => new ProxyError(0, 'network')));
    const before = offlinePart(first.client);
    before.submit(draft);
    await vi.advanceTimersByTimeAsync(0);
    before.stop(); // the page goes away mid-outage
    const [left] = kept();
    expect(left).toMatchObject(draft);

    const second = proxy();
    const after = offlinePart(second.client);
    expect(after.state.status.value).toBe('sending');
    await vi.runAllTimersAsync();
    expect(second.bodies.map((body) => body.id)).toEqual([left!.id]);
    expect(after.state.status.value).toBe('sent');
    expect(kept()).toEqual([]);
    after.stop();
  });

  it('wait while the browser is offline, and go when it is back', async () => {
    online = false;
    const { client, bodies } = proxy();
    const part = offlinePart(client);
    part.submit(draft);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(bodies).toHaveLength(0);
    expect(part.state.status.value).toBe('waiting');
    online = true;
    dispatchEvent(new Event('online'));
    await vi.runAllTimersAsync();
    expect(bodies).toHaveLength(1);
    expect(part.state.status.value).toBe('sent');
    part.stop();
  });

  it('come back to the form when the proxy refuses one, naming the field', async () => {
    const { client } = proxy([new ProxyError(400, 'body/email must match pattern "^[^\\s@]+$"')]);
    const part = offlinePart(client);
    part.submit(draft);
    await vi.runAllTimersAsync();
    expect(part.state.status.value).toBe('editing');
    expect(part.state.refused.value).toEqual({ draft, field: 'email' });
    expect(kept()).toEqual([]);
    part.stop();
  });

  it('ignore what in storage is not a message of theirs', async () => {
    localStorage.setItem(KEY, JSON.stringify([{ id: 'abcdefgh', name: 1 }, 'junk']));
    const { client, bodies } = proxy();
    const part = offlinePart(client);
    await vi.runAllTimersAsync();
    expect(bodies).toHaveLength(0);
    expect(part.state.status.value).toBe('editing');
    part.stop();
  });
});

describe('refusedField', () => {
  it('reads the field from the proxy’s validation detail', () => {
    expect(refusedField('body/name must NOT have fewer than 1 characters')).toBe('name');
    expect(refusedField('body/department names no configured department.')).toBe('department');
    expect(refusedField('This proxy takes no offline messages.')).toBeUndefined();
  });
});
