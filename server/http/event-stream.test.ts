import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import { eventually, startTestParley, type TestParley } from '../../test/support/demo.js';
import { SseClient } from '../../test/support/sse-client.js';
import type { Store } from '../store/store.js';

const agentText = (text: string): ParleyEvent => ({
  type: 'message',
  messageId: `m-${text}`,
  role: 'agent',
  text,
  attachments: [],
});

/** Something to run inside the next log reads, to land writes in the middle of a replay. */
let duringRead: (() => Promise<void>) | undefined;
let rawStore: Store;
const interleaving = (store: Store): Store => {
  rawStore = store;
  return {
    ...store,
    events: {
      append: (...args) => store.events.append(...args),
      async readAfter(...args) {
        const page = await store.events.readAfter(...args);
        const hook = duringRead;
        duringRead = undefined; // one at a time: the hook itself reads the log
        await hook?.();
        if (hook && !duringRead) duringRead = hook;
        return page;
      },
    },
  };
};

describe('the event stream', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley(
      { MAX_EVENTS_PER_CONVERSATION: '2000', STREAM_HEARTBEAT_SECONDS: '1' },
      { wrapStore: interleaving },
    );
  });
  afterAll(() => t.close());

  /** Appends as the relay does: log first, bus second. */
  const append = async (conversationId: string, events: ParleyEvent[]) => {
    const { events: logged } = await t.parley.store.events.append(conversationId, events);
    for (const event of logged) t.parley.store.bus.publish(conversationId, event);
  };

  it('answers with the SSE headers, a retry, security headers, and never compressed', async () => {
    const credentials = await t.startConversation();
    const stream = await SseClient.open(t.streamUrl(credentials), {
      origin: t.origin,
      'accept-encoding': 'gzip, deflate, br',
    });
    await stream.waitFor((s) => s.frames.length > 0);
    stream.close();
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toMatch(/no-cache/);
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('content-encoding')).toBeNull();
    expect(stream.headers.get('access-control-allow-origin')).toBe(t.origin);
    expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
    expect(stream.headers.get('x-request-id')).toMatch(/\S/);
    expect(stream.frames[0]).toEqual({ retry: 2000 });
  });

  it('sends heartbeat comments', async () => {
    const credentials = await t.startConversation();
    const stream = await SseClient.open(t.streamUrl(credentials));
    await stream.waitFor((s) => s.comments.includes('heartbeat'), 3000);
    stream.close();
  });

  it('has no gap and no duplicate at the seam when events arrive while it replays', async () => {
    const credentials = await t.startConversation();
    const { conversationId } = credentials;
    const upstream = await t.upstreamOf(conversationId);
    await eventually(() => upstream.state === 'active');
    t.simulator.accept('agent-alex', upstream.id);
    for (let n = 0; n < 12; n++) {
      await append(
        conversationId,
        Array.from({ length: 100 }, (_, i) => agentText(`old ${n * 100 + i}`)),
      );
    }
    // While the stream reads its first pages, the agent writes: real webhooks, stored meanwhile.
    let injected = 0;
    duringRead = async () => {
      if (injected >= 3) return;
      injected++;
      const count = async () =>
        (await rawStore.events.readAfter(conversationId, 0, 100_000)).events.length;
      const before = await count();
      t.simulator.agentMessage('agent-alex', upstream.id, `during replay ${injected}`);
      await eventually(async () => (await count()) > before);
    };
    const stream = await SseClient.open(t.streamUrl(credentials, '&lastEventId=100'));
    await stream.waitFor((s) =>
      s.events().some((e) => e.type === 'message' && e.text === 'during replay 3'),
    );
    duringRead = undefined;
    t.simulator.agentMessage('agent-alex', upstream.id, 'live');
    await stream.waitFor((s) => s.events().some((e) => e.text === 'live'));
    stream.close();

    const ids = stream.events().map((e) => e.id);
    const last = (await t.logOf(conversationId)).at(-1)!.id;
    expect(ids).toEqual(Array.from({ length: last - 100 }, (_, i) => 101 + i));
    expect(injected).toBe(3);
  });

  it('sends reset when the asked-for id is older than the kept history', async () => {
    const credentials = await t.startConversation();
    const { conversationId } = credentials;
    for (let n = 0; n < 21; n++) {
      await append(
        conversationId,
        Array.from({ length: 100 }, (_, i) => agentText(`${n * 100 + i}`)),
      );
    }
    const first = (await t.logOf(conversationId))[0]!.id;
    expect(first).toBeGreaterThan(5);
    const stream = await SseClient.open(t.streamUrl(credentials, '&lastEventId=5'));
    await stream.waitFor((s) => s.events().length > 1);
    stream.close();
    const [reset, next] = stream.events();
    expect(reset).toMatchObject({ type: 'reset', id: Number.NaN });
    expect(next?.id).toBe(first);
  });

  it('drops a client that stops reading, without hurting the others on the conversation', async () => {
    const slowParley = await startTestParley({ STREAM_MAX_BUFFERED_KB: '64' });
    try {
      const credentials = await slowParley.startConversation();
      const url = new URL(slowParley.streamUrl(credentials));
      const healthy = await SseClient.open(url.href);
      // A client that sends its request and then never reads a byte.
      const socket = connect(Number(url.port), url.hostname);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
      socket.pause();
      await eventually(() => slowParley.parley.parts.streams.size === 2);

      // 10 MB, more than the kernel's socket buffers hold for a client that reads nothing.
      const big = 'x'.repeat(20_000);
      const received = () => healthy.frames.filter((frame) => frame.event === 'message').length;
      for (let n = 1; n <= 500; n++) {
        const { events } = await slowParley.parley.store.events.append(credentials.conversationId, [
          agentText(`${n} ${big}`),
        ]);
        slowParley.parley.store.bus.publish(credentials.conversationId, events[0]!);
        await healthy.waitFor(() => received() === n);
      }
      await eventually(() => slowParley.parley.parts.streams.size === 1, 10_000);
      healthy.close();
      socket.destroy();
      const metrics = await (await fetch(`${slowParley.origin}/metrics`)).text();
      expect(metrics).toMatch(/^parley_streams_dropped_total 1$/m);
    } finally {
      await slowParley.close();
    }
  }, 30_000);
});

describe('stream caps', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({
      STREAMS_PER_CONVERSATION: '3',
      STREAMS_PER_IP: '4',
      STREAMS_PER_INSTANCE: '6',
      STREAM_BUSY_RETRY_SECONDS: '45',
      // Loopback is the load balancer here: X-Forwarded-For says who the visitor is.
      TRUST_PROXY: 'true',
    });
  });
  afterAll(() => t.close());

  const open = (url: string, ip: string) => SseClient.open(url, { 'x-forwarded-for': ip });

  /** A refused stream is a 200 with a long retry that ends at once: EventSource comes back later. */
  const expectBusy = async (stream: SseClient, cap: string) => {
    expect(stream.status).toBe(200);
    await stream.waitFor((s) => s.ended);
    expect(stream.frames.at(-1)).toEqual({ retry: 45_000 });
    expect(stream.comments.join()).toContain(`${cap} stream cap`);
  };

  it('lets several tabs follow one conversation, up to the cap per conversation', async () => {
    const credentials = await t.startConversation();
    const tabs = await Promise.all([1, 2, 3].map(() => open(t.streamUrl(credentials), '10.0.0.1')));
    const fourth = await open(t.streamUrl(credentials), '10.0.0.1');
    await expectBusy(fourth, 'conversation');
    const upstream = await t.upstreamOf(credentials.conversationId);
    await eventually(() => upstream.state === 'active');
    t.simulator.accept('agent-sam', upstream.id);
    for (const tab of tabs) {
      await tab.waitFor((s) => s.events().some((e) => e.type === 'participant'));
      tab.close();
    }
    await eventually(() => t.parley.parts.streams.size === 0);
    const again = await open(t.streamUrl(credentials), '10.0.0.1');
    expect(again.ended).toBe(false);
    again.close();
  });

  it('caps streams per client address and per instance', async () => {
    const conversations = await Promise.all([1, 2, 3, 4].map(() => t.startConversation()));
    const [a, b, c, d] = conversations.map((credentials) => t.streamUrl(credentials)) as [
      string,
      string,
      string,
      string,
    ];
    const fromOne = await Promise.all([a, a, b, b].map((url) => open(url, '10.0.0.2')));
    await expectBusy(await open(c, '10.0.0.2'), 'ip');
    const others = await Promise.all([c, d].map((url) => open(url, '10.0.0.3')));
    await eventually(() => t.parley.parts.streams.size === 6);
    await expectBusy(await open(d, '10.0.0.4'), 'instance');
    for (const stream of [...fromOne, ...others]) stream.close();
    await eventually(() => t.parley.parts.streams.size === 0);
    const metrics = await (await fetch(`${t.origin}/metrics`)).text();
    expect(metrics).toMatch(/^parley_streams_refused_total\{cap="ip"\} 1$/m);
    expect(metrics).toMatch(/^parley_streams_refused_total\{cap="instance"\} 1$/m);
  });
});
