import { createServer, request, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
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
