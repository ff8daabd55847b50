import type { ConsoleConversation, ConsoleSnapshot } from '../simulator/console-protocol.js';
import type { ApiFault, WebhookFaultKind } from '../simulator/faults.js';
import type { Delivery } from '../simulator/webhook-sender.js';

/**
 * The simulator driven over HTTP, as a chaos test or a benchmark drives a
 * standalone `npm run simulator`: its fault control API (/simulator/*) and the
 * agent console's JSON API (/agent/api/*). Nothing here reaches into the
 * simulator's objects, so each fault takes the same path an operator's would.
 */
export class SimulatorControl {
  readonly #base: string;
  readonly #apiKey: string;

  constructor(baseUrl: string, apiKey: string) {
    this.#base = baseUrl;
    this.#apiKey = apiKey;
  }

  /** The next `count` matching 8x8 API calls fail (503 by default). */
  failApi(fault: ApiFault): Promise<void> {
    return this.#control('POST', '/faults/api', fault);
  }

  /** Every 8x8 API call waits this long first (past the proxy's timeout: timeouts). */
  setLatency(ms: number): Promise<void> {
    return this.#control('PUT', '/faults/latency', { ms });
  }

  webhookFault(kind: WebhookFaultKind, count: number, delayMs?: number): Promise<void> {
    return this.#control('POST', '/faults/webhooks', {
      kind,
      count,
      ...(delayMs === undefined ? {} : { delayMs }),
    });
  }

  /** Back to normal: no fault, no latency. */
  clear(): Promise<void> {
    return this.#control('DELETE', '/faults');
  }

  async deliveries(): Promise<Delivery[]> {
    const answer = await this.#fetch('GET', '/simulator/deliveries');
    return ((await answer.json()) as { deliveries: Delivery[] }).deliveries;
  }

  async state(): Promise<ConsoleSnapshot> {
    const answer = await this.#fetch('GET', '/simulator/state');
    return (await answer.json()) as ConsoleSnapshot;
  }

  /** The simulator's conversation of the visitor with this (unique) name. */
  async conversationOf(visitorName: string): Promise<ConsoleConversation> {
    const found = (await this.state()).conversations.find(
      (conversation) => conversation.visitor.name === visitorName,
    );
    if (!found) throw new Error(`8x8 has no conversation of ${visitorName}`);
    return found;
  }

  /** The agent console's actions: accept, messages, typing, transfer, leave, end. */
  async agent(
    action: 'accept' | 'messages' | 'typing' | 'transfer' | 'leave' | 'end',
    conversationId: string,
    body: { agentId?: string; text?: string; typing?: boolean; queueId?: string } = {},
  ): Promise<void> {
    const answer = await fetch(
      `${this.#base}/agent/api/conversations/${conversationId}/${action}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 'agent-alex', ...body }),
      },
    );
    if (!answer.ok) throw new Error(`agent ${action}: ${answer.status} ${await answer.text()}`);
  }

  async #control(method: string, path: string, body?: unknown): Promise<void> {
    await this.#fetch(method, `/simulator${path}`, body);
  }

  async #fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const answer = await fetch(`${this.#base}${path}`, {
      method,
      headers: {
        'x-api-key': this.#apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!answer.ok) throw new Error(`simulator ${method} ${path}: ${answer.status}`);
    return answer;
  }
}
