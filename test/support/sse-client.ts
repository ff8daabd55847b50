/** A raw SSE client for tests: reads a stream with fetch and parses the frames itself. */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: number;
}

export class SseClient {
  readonly frames: SseFrame[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers = new Headers();
  readonly #controller = new AbortController();
  #waiters: (() => void)[] = [];
  #ended = false;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, { headers, signal: client.#controller.signal });
    client.status = response.status;
    client.headers = response.headers;
    if (response.body) void client.#read(response.body);
    else client.#ended = true;
    return client;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Events (frames with data), parsed. */
  events<T = Record<string, unknown>>(): (T & { id: number; type: string })[] {
    return this.frames
      .filter((frame) => frame.data !== undefined)
      .map((frame) => ({
        ...(JSON.parse(frame.data!) as T),
        id: Number(frame.id),
        type: frame.event ?? 'message',
      }));
  }

  async waitFor(predicate: (client: SseClient) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) {
        throw new Error(
          `SSE condition not met in ${timeoutMs} ms; frames: ${JSON.stringify(this.frames.slice(-10))}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.#controller.abort();
  }

  async #read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          this.#parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        for (const wake of this.#waiters.splice(0)) wake();
      }
    } catch {
      // aborted
    } finally {
      this.#ended = true;
      for (const wake of this.#waiters.splice(0)) wake();
    }
  }

  #parse(block: string) {
    const frame: SseFrame = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data')
        frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
      else if (field === 'retry') frame.retry = Number(value);
    }
    if (Object.keys(frame).length > 0) this.frames.push(frame);
  }
}
