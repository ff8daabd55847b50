import type { LoggedEvent } from '../../protocol/events.js';
import type { ConversationCredentials, SendMessageResponse } from '../../protocol/widget-api.js';
import { eventually } from './demo.js';
import { SseClient } from './sse-client.js';

/** An event as the visitor's stream delivered it; `reset` frames have no id. */
export type SeenEvent = (LoggedEvent | { type: 'reset'; id: number }) & Record<string, unknown>;

/**
 * A visitor as the wire sees one: the widget's calls and its event stream, with
 * the widget's reconnect rule (resume after the last id it saw). Every event of
 * every connection is kept in arrival order, duplicates included, so a scenario
 * can count what the visitor was shown.
 */
export class WireVisitor {
  readonly credentials: ConversationCredentials;
  readonly #base: string;
  readonly #origin: string;
  readonly #past: SeenEvent[] = [];
  #stream: SseClient | undefined;

  private constructor(base: string, origin: string, credentials: ConversationCredentials) {
    this.#base = base;
    this.#origin = origin;
    this.credentials = credentials;
  }

  /** Starts a conversation as the widget does, from a page on `origin`. */
  static async start(base: string, origin: string, body: unknown): Promise<WireVisitor> {
    const answer = await fetch(`${base}/v1/conversations`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (answer.status !== 201) {
      throw new Error(`create: ${answer.status} ${await answer.text()}`);
    }
    return new WireVisitor(base, origin, (await answer.json()) as ConversationCredentials);
  }

  get conversationId(): string {
    return this.credentials.conversationId;
  }

  /** Every event seen so far, on every connection, in arrival order. */
  events(): SeenEvent[] {
    return [...this.#past, ...((this.#stream?.events() ?? []) as SeenEvent[])];
  }

  /** The last event id seen: where a reconnect resumes. */
  get lastId(): number {
    return Math.max(0, ...this.events().map((event) => (Number.isFinite(event.id) ? event.id : 0)));
  }

  get connected(): boolean {
    return this.#stream !== undefined && !this.#stream.ended;
  }

  /** Opens the stream against `base` (another process after a restart), resuming after lastId. */
  async connect(base = this.#base): Promise<void> {
    this.disconnect();
    const lastId = this.lastId;
    const url = `${base}/v1/conversations/${this.conversationId}/events?token=${encodeURIComponent(this.credentials.streamToken)}`;
    this.#stream = await SseClient.open(url, {
      origin: this.#origin,
      ...(lastId > 0 ? { 'last-event-id': String(lastId) } : {}),
    });
    if (this.#stream.status !== 200) throw new Error(`stream: ${this.#stream.status}`);
  }

  /** Goes away (closed laptop, lost network): what arrived stays counted. */
  disconnect(): void {
    if (!this.#stream) return;
    this.#stream.close();
    this.#past.push(...(this.#stream.events() as SeenEvent[]));
    this.#stream = undefined;
  }

  async send(clientMessageId: string, text: string, base = this.#base) {
    const answer = await this.call(`/messages`, { clientMessageId, text }, base);
    return { status: answer.status, body: (await answer.json()) as SendMessageResponse };
  }

  /** POST to one of this conversation's routes with the api token. */
  call(route: string, body: unknown, base = this.#base): Promise<Response> {
    return fetch(`${base}/v1/conversations/${this.conversationId}${route}`, {
      method: 'POST',
      headers: {
        origin: this.#origin,
        'content-type': 'application/json',
        authorization: `Bearer ${this.credentials.token}`,
      },
      body: JSON.stringify(body),
    });
  }

  /** The whole kept history, paged, as the widget reloads it after a reset. */
  async transcript(base = this.#base): Promise<LoggedEvent[]> {
    const events: LoggedEvent[] = [];
    let after = 0;
    for (;;) {
      const answer = await fetch(
        `${base}/v1/conversations/${this.conversationId}/transcript?after=${after}&limit=500`,
        { headers: { origin: this.#origin, authorization: `Bearer ${this.credentials.token}` } },
      );
      if (answer.status !== 200) throw new Error(`transcript: ${answer.status}`);
      const page = (await answer.json()) as { events: LoggedEvent[]; next?: number };
      events.push(...page.events);
      if (page.next === undefined) return events;
      after = page.next;
    }
  }

  /** Texts of the messages seen from `role`, in arrival order. */
  messages(role: string): string[] {
    return this.events()
      .filter((event) => event.type === 'message' && event.role === role)
      .map((event) => String(event.text));
  }

  /** The statuses seen for one of the visitor's messages, in arrival order. */
  statuses(clientMessageId: string): string[] {
    return this.events()
      .filter(
        (event) => event.type === 'message-status' && event.clientMessageId === clientMessageId,
      )
      .map((event) => String(event.status));
  }

  async waitFor(check: (visitor: WireVisitor) => boolean, timeoutMs = 10_000): Promise<void> {
    await eventually(() => check(this), timeoutMs).catch(() => {
      throw new Error(
        `the visitor never saw it; last events: ${JSON.stringify(this.events().slice(-5))}`,
      );
    });
  }
}
