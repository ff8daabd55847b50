import type { ServerResponse } from 'node:http';

export interface SseOptions {
  /** Reconnect delay the browser should use, ms. */
  retryMs: number;
  heartbeatMs: number;
  /** Where in the first interval the first heartbeat falls, 0–1 (random by default). */
  heartbeatPhase?: number;
  /** A client that lets more than this many bytes pile up unread is dropped. */
  maxBufferedBytes: number;
}

/**
 * One Server-Sent Events response. Kept behind this small class so the route
 * never writes protocol text itself. Writes are never awaited: a slow reader's
 * unread bytes are counted, and past the limit the stream is ended rather than
 * letting it hold memory that other visitors need.
 */
export class SseStream {
  readonly #res: ServerResponse;
  readonly #options: SseOptions;
  #heartbeat: NodeJS.Timeout;
  #closed = false;
  #dropped = false;
  readonly #onClose: (() => void)[] = [];

  constructor(res: ServerResponse, options: SseOptions, extraHeaders: Record<string, string> = {}) {
    this.#res = res;
    this.#options = options;
    res.writeHead(200, {
      // The caller may say `connection: close` (a refused or draining stream frees its socket).
      connection: 'keep-alive',
      ...extraHeaders,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Tells nginx not to buffer, so each event leaves at once.
      'x-accel-buffering': 'no',
    });
    flattenHead(res);
    this.#write(`retry: ${options.retryMs}\n\n`);
    this.#heartbeat = this.#startHeartbeat(options);
    res.on('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Ended because the client let more than maxBufferedBytes pile up unread. */
  get dropped(): boolean {
    return this.#dropped;
  }

  /** Sends one event; `data` is serialised as one JSON line, so it cannot break the framing. */
  send(event: string, data: unknown, id?: number): void {
    const idLine = id === undefined ? '' : `id: ${id}\n`;
    this.#write(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /**
   * Resolves once the client has read enough of what was written to take more:
   * a replay of history waits here between events instead of piling it all up
   * (which would trip the slow-client limit for no fault of the client's).
   */
  ready(): Promise<void> {
    if (this.#closed || this.#res.writableLength <= this.#options.maxBufferedBytes / 2) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        this.#res.off('drain', done).off('close', done);
        resolve();
      };
      this.#res.once('drain', done).once('close', done);
    });
  }

  comment(text: string): void {
    this.#write(`: ${text}\n\n`);
  }

  /** Tells the browser to come back after `retryMs`, then ends the response. */
  closeWithRetry(retryMs: number): void {
    this.#write(`retry: ${retryMs}\n\n`);
    this.close();
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#onClose.push(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#heartbeat); // the first beat's timeout or the interval: clearTimeout stops both
    this.#res.end();
    for (const listener of this.#onClose.splice(0)) listener();
  }

  /**
   * A heartbeat every heartbeatMs, the first at a random point of the first interval:
   * streams that connected together (a deploy, a reconnect wave, the benchmark) would
   * otherwise beat together for ever, one socket write each in the same turn, and
   * 10,000 of them stall the event loop for tens of ms every interval.
   */
  #startHeartbeat(options: SseOptions): NodeJS.Timeout {
    const phase = options.heartbeatPhase ?? Math.random();
    const first = setTimeout(
      () => {
        if (this.#closed) return;
        this.comment('heartbeat');
        this.#heartbeat = setInterval(() => this.comment('heartbeat'), options.heartbeatMs);
        this.#heartbeat.unref();
      },
      Math.max(1, Math.round(options.heartbeatMs * phase)),
    );
    first.unref();
    return first;
  }

  #write(chunk: string): void {
    if (this.#closed) return;
    if (this.#res.writableLength > this.#options.maxBufferedBytes) {
      this.#dropped = true;
      this.#res.destroy();
      this.close();
      return;
    }
    this.#res.write(chunk);
  }
}

/**
 * node:http keeps the head it wrote (`_header`) for as long as the response is
 * open, built as a rope of ~50 concatenated pieces. A stream stays open for the
 * whole conversation, so the rope is memory held per visitor: reading one
 * character makes V8 flatten it into one string (the pieces become garbage).
 */
function flattenHead(res: ServerResponse): void {
  const head: unknown = Reflect.get(res, '_header');
  if (typeof head === 'string' && head.length > 0) head.charCodeAt(0);
}
