import { type ClientRequest, request } from 'node:http';

/**
 * Many raw SSE clients over node:http: no EventSource, no buffering of whole
 * bodies, one socket each. Clients are spread over 127.0.0.x source addresses so
 * that ten thousand connections never exhaust one address's ephemeral ports.
 */
export interface SseEvent {
  id: number;
  type: string;
  data: string;
}

export interface SseClientPool {
  opened: number;
  failed: number;
  events: number;
  close(): void;
}

export interface OpenOptions {
  /** The proxy's port, or one per instance: stream `i` goes to `ports[i % ports.length]`. */
  port: number | number[];
  paths: string[];
  onEvent: (index: number, event: SseEvent) => void;
  /** How many connections are opened at once. */
  concurrency?: number;
  sourceAddresses?: number;
}

export async function openSseClients(options: OpenOptions): Promise<SseClientPool> {
  const requests: ClientRequest[] = [];
  const pool: SseClientPool = {
    opened: 0,
    failed: 0,
    events: 0,
    close: () => {
      for (const req of requests) req.destroy();
    },
  };
  const sources = options.sourceAddresses ?? 8;
  const ports = typeof options.port === 'number' ? [options.port] : options.port;
  let next = 0;
  const openOne = (index: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: ports[index % ports.length],
          path: options.paths[index],
          localAddress: `127.0.0.${1 + (index % sources)}`,
          agent: false,
          headers: { accept: 'text/event-stream' },
        },
        (res) => {
          if (res.statusCode !== 200) {
            pool.failed++;
            res.resume();
            resolve();
            return;
          }
          pool.opened++;
          resolve();
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end = buffer.indexOf('\n\n');
            while (end !== -1) {
              const frame = parseFrame(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
              if (frame) {
                pool.events++;
                options.onEvent(index, frame);
              }
              end = buffer.indexOf('\n\n');
            }
          });
        },
      );
      req.on('error', () => {
        pool.failed++;
        resolve();
      });
      req.end();
      requests.push(req);
    });
  const worker = async () => {
    while (next < options.paths.length) await openOne(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 64 }, worker));
  return pool;
}

function parseFrame(block: string): SseEvent | undefined {
  let id = Number.NaN;
  let type = 'message';
  let data: string | undefined;
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = Number(line.slice(4));
    else if (line.startsWith('event: ')) type = line.slice(7);
    else if (line.startsWith('data: ')) data = line.slice(6);
  }
  return data === undefined ? undefined : { id, type, data };
}
