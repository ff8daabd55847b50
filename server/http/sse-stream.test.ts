import { EventEmitter } from 'node:events';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseStream } from './sse-stream.js';

type Write = (...args: unknown[]) => void;

const OPTIONS = { retryMs: 1000, heartbeatMs: 60_000, maxBufferedBytes: 1 << 20 };

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/** Serves one SSE response, calls `act` with it, and counts the socket writes it made. */
async function socketWritesOf(act: (stream: SseStream) => void) {
  let writes = 0;
  const served = new Promise<SseStream>((resolve) => {
    server = createServer((_req, res) => {
      const stream = new SseStream(res, OPTIONS);
      // The socket's own write methods: each call is one write to the kernel.
      const socket = res.socket as unknown as Record<'_write' | '_writev', Write>;
      for (const method of ['_write', '_writev'] as const) {
        const original = socket[method].bind(socket);
        socket[method] = (...args) => {
          writes++;
          original(...args);
        };
      }
      setTimeout(() => resolve(stream), 20);
    }).listen(0, '127.0.0.1');
  });
  await new Promise((resolve) => server?.once('listening', resolve));
  const address = server?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let text = '';
  const received = new Promise<string>((resolve) => {
    request({ port, host: '127.0.0.1', path: '/' }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('"n":3')) resolve(text);
      });
    }).end();
  });
  const stream = await served;
  act(stream);
  return { writes, text: await received };
}

/**
 * Issue 16 asked for the SSE frames of one turn to be written together. node:http
 * does it already for a chunked response: each write corks the socket until the
 * next tick (OutgoingMessage's connectionCorkNT), so a turn's frames leave in one
 * writev. This guards that, on every Node version the proxy supports.
 */
describe('an SSE stream', () => {
  it('writes the frames of one turn to its socket in one write, in order', async () => {
    const { writes, text } = await socketWritesOf((stream) => {
      stream.send('message', { n: 1 }, 1);
      stream.send('message', { n: 2 }, 2);
      stream.send('message', { n: 3 }, 3);
    });
    expect(writes).toBe(1);
    const frames = text.split('\n\n').filter((frame) => frame.includes('data:'));
    expect(frames).toEqual([
      'id: 1\nevent: message\ndata: {"n":1}',
      'id: 2\nevent: message\ndata: {"n":2}',
      'id: 3\nevent: message\ndata: {"n":3}',
    ]);
  });
});

/** A response that keeps what is written to it, with the time it was written (fake timers). */
function recordedResponse(writes: { at: number; text: string }[]): ServerResponse {
  const res = Object.assign(new EventEmitter(), {
    writableLength: 0,
    writeHead: () => res,
    write: (text: string) => writes.push({ at: Date.now(), text }) > 0,
    end: () => res,
  });
  return res as unknown as ServerResponse;
}

describe("an SSE stream's heartbeat", () => {
  afterEach(() => vi.useRealTimers());

  it('beats every interval, the first time at a random point of the first interval', () => {
    vi.useFakeTimers({ now: 0 });
    const heartbeatMs = 15_000;
    const beats: number[][] = [];
    // 200 streams that connect in the same millisecond, as after a deploy or in the benchmark.
    const streams = Array.from({ length: 200 }, () => {
      const writes: { at: number; text: string }[] = [];
      beats.push([]);
      const times = beats[beats.length - 1]!;
      const stream = new SseStream(recordedResponse(writes), { ...OPTIONS, heartbeatMs });
      const write = writes.push.bind(writes);
      writes.push = (...items) => {
        for (const item of items) if (item.text === ': heartbeat\n\n') times.push(item.at);
        return write(...items);
      };
      return stream;
    });
    vi.advanceTimersByTime(heartbeatMs * 3);
    for (const times of beats) {
      expect(times.length).toBe(3);
      expect(times[0]).toBeLessThanOrEqual(heartbeatMs);
      expect(times[1]! - times[0]!).toBe(heartbeatMs);
      expect(times[2]! - times[1]!).toBe(heartbeatMs);
    }
    // Spread over the interval, not all in one turn: at most a handful share any 150 ms.
    const perSlot = new Map<number, number>();
    for (const [first] of beats) {
      const slot = Math.floor(first! / 150);
      perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
    }
    expect(Math.max(...perSlot.values())).toBeLessThan(12);
    for (const stream of streams) stream.close();
  });

  it('stops beating once closed, before or after its first beat', () => {
    vi.useFakeTimers({ now: 0 });
    const early: { at: number; text: string }[] = [];
    const late: { at: number; text: string }[] = [];
    const options = { ...OPTIONS, heartbeatMs: 1000, heartbeatPhase: 0.5 };
    const closedEarly = new SseStream(recordedResponse(early), options);
    const closedLate = new SseStream(recordedResponse(late), options);
    closedEarly.close();
    vi.advanceTimersByTime(600);
    closedLate.close();
    vi.advanceTimersByTime(5000);
    expect(early.filter((w) => w.text.includes('heartbeat'))).toEqual([]);
    expect(late.filter((w) => w.text.includes('heartbeat'))).toEqual([
      { at: 500, text: ': heartbeat\n\n' },
    ]);
  });
});
