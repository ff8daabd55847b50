import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { eventually, startTestParley, type TestParley } from '../support/demo.js';
import { report } from '../support/scenario-report.js';

/**
 * One address (127.0.0.1) attacks with thousands of idle event streams and
 * with slowloris requests that trickle their headers or body; another visitor
 * (127.0.0.2, loopback takes any 127/8 source) must be served throughout. The
 * streams are capped per address (STREAMS_PER_IP), slow requests cut with a 408
 * at REQUEST_TIMEOUT_SECONDS. A client that stops reading is dropped at
 * STREAM_MAX_BUFFERED_KB (server/http/event-stream.test.ts proves that one).
 */

const ATTACKER = '127.0.0.1';
const VISITOR = '127.0.0.2';
const IDLE_STREAMS = 2000;
const SLOW_REQUESTS = 300;
let t: TestParley;
let port = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  t = await startTestParley({
    ALLOWED_ORIGINS: 'https://shop.example',
    RATE_LIMIT_CREATE_PER_IP: 'off',
    REQUEST_TIMEOUT_SECONDS: '2',
  });
  port = Number(new URL(t.origin).port);
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await t.close();
});

/** A raw connection from `from`, sending `head` (and nothing else unless told). */
function open(from: string, head: string): Socket & { answer: string; gone: boolean } {
  const socket = Object.assign(connect({ port, host: '127.0.0.1', localAddress: from }), {
    answer: '',
    gone: false,
  });
  sockets.add(socket);
  socket.on('data', (chunk) => {
    if (socket.answer.length < 4096) socket.answer += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    socket.gone = true;
    sockets.delete(socket);
  });
  socket.write(head);
  return socket;
}

async function create(from: string): Promise<ConversationCredentials> {
  const body = JSON.stringify({ visitor: { name: 'Someone' } });
  const socket = open(
    from,
    `POST /v1/conversations HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
  );
  await eventually(() => socket.gone, 10_000);
  const json = socket.answer.slice(socket.answer.indexOf('\r\n\r\n') + 4);
  return JSON.parse(json) as ConversationCredentials;
}

const streamHead = (credentials: ConversationCredentials) =>
  `GET /v1/conversations/${credentials.conversationId}/events?token=${encodeURIComponent(credentials.streamToken)} HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\n\r\n`;

/** The other visitor: a stream that gets the agent's message, and a send that is answered. */
async function otherVisitorIsServed(): Promise<number> {
  const started = Date.now();
  const credentials = await create(VISITOR);
  const stream = open(VISITOR, streamHead(credentials));
  const upstream = await t.upstreamOf(credentials.conversationId);
  t.simulator.accept('agent-alex', upstream.id);
  t.simulator.agentMessage('agent-alex', upstream.id, `served ${credentials.conversationId}`);
  await eventually(() => stream.answer.includes(`served ${credentials.conversationId}`), 10_000);
  const sent = await fetch(`${t.origin}/v1/conversations/${credentials.conversationId}/typing`, {
    method: 'POST',
    headers: {
      origin: 'https://shop.example',
      'content-type': 'application/json',
      authorization: `Bearer ${credentials.token}`,
    },
    body: JSON.stringify({ typing: true }),
  });
  expect(sent.status).toBeLessThan(300);
  stream.destroy();
  return Date.now() - started;
}

describe('slow and greedy clients', () => {
  it(`caps ${IDLE_STREAMS} idle streams from one address; another visitor is served`, async () => {
    const conversations = await Promise.all(Array.from({ length: 20 }, () => create(ATTACKER)));
    const streams = Array.from({ length: IDLE_STREAMS }, (_, i) =>
      open(ATTACKER, streamHead(conversations[i % conversations.length]!)),
    );
    // Every stream over the cap is told to come back later (200, a long retry) and closed.
    const busy = (s: { answer: string }) =>
      /^HTTP\/1\.1 200/.test(s.answer) && /retry: 30000/.test(s.answer);
    await eventually(() => streams.filter(busy).length >= IDLE_STREAMS - 50, 30_000);
    const held = t.parley.parts.streams.size;
    const servedInMs = await otherVisitorIsServed();
    const turnedAway = streams.filter(busy);
    for (const s of turnedAway) expect(s.answer.toLowerCase()).toContain('connection: close');
    // ...and their connections closed: an idle socket per refused stream is not left to pile up.
    await eventually(() => turnedAway.every((s) => s.gone), 10_000);
    const politely = turnedAway.length === IDLE_STREAMS - held;
    report('thousands of idle streams from one address', held <= 51 && politely, {
      streams: { opened: IDLE_STREAMS, 'held open': held, 'turned away': turnedAway.length },
      'other visitor': { served: true, 'in ms': servedInMs },
    });
    expect(held).toBeLessThanOrEqual(51); // 50 of the attacker's, 1 of the visitor's at most
    expect(politely).toBe(true);
    for (const stream of streams) stream.destroy();
  }, 90_000);

  it(`cuts ${SLOW_REQUESTS} slowloris requests (slow headers, slow bodies) with a 408; another visitor is served`, async () => {
    const slowHeaders = Array.from({ length: SLOW_REQUESTS / 2 }, () =>
      open(ATTACKER, 'POST /v1/conversations HTTP/1.1\r\nHost: x\r\n'),
    );
    const slowBodies = Array.from({ length: SLOW_REQUESTS / 2 }, () =>
      open(
        ATTACKER,
        `POST /v1/conversations HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{`,
      ),
    );
    const all = [...slowHeaders, ...slowBodies];
    const started = Date.now();
    // A byte every 200 ms: each connection stays "active", never idle.
    const trickle = setInterval(() => {
      for (const socket of slowHeaders) if (!socket.gone) socket.write('X-A: b\r\n');
      for (const socket of slowBodies) if (!socket.gone) socket.write(' ');
    }, 200);
    try {
      const servedInMs = await otherVisitorIsServed();
      await eventually(() => all.every((socket) => socket.gone), 20_000);
      const cutAfter = Date.now() - started;
      const timedOut = all.filter((socket) => /^HTTP\/1\.1 408/.test(socket.answer)).length;
      report('slowloris: slow headers and slow bodies', timedOut === all.length, {
        connections: { slow: all.length, 'answered 408': timedOut, 'all cut within ms': cutAfter },
        'other visitor': { served: true, 'in ms': servedInMs },
      });
      expect(timedOut).toBe(all.length);
    } finally {
      clearInterval(trickle);
    }
  }, 60_000);
});
