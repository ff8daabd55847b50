/**
 * Variants: where 8x8's documents allow more than one reading of what 8x8 sends,
 * the simulator can send each, so a test can run the proxy against every one.
 * The defaults are the reference's main reading. Set in-process
 * (`simulator.faults.variants.set({...})`) or over HTTP
 * (`PUT /simulator/faults/variants`, control-routes.ts); `faults.clear()` resets them.
 */
export interface VariantSettings {
  /**
   * An agent's MESSAGE: `documented` as the events reference shows it
   * (`isEcho:false`, `sender.type:"agent"`), or `chat-workflow` as the chat-workflow
   * page shows "an agent sends a message" (`isEcho:true`, `sender.type:""`).
   */
  agentMessage: 'documented' | 'chat-workflow';
  /**
   * The echo of a message the integration posted (`isEcho:true`): its sender type
   * is the post's `authorType` (`author`), or `""`, `user`, `bot` or `agent`; or
   * there is no echo at all (`none`).
   */
  echoSender: 'author' | '' | 'user' | 'bot' | 'agent' | 'none';
  /**
   * The agent ends the chat (gateway): agent left then `CONVERSATION_UPDATE` idle
   * (`left-then-idle`), agent left alone (`left-only`) or idle alone (`idle-only`).
   */
  agentEnd: 'left-then-idle' | 'left-only' | 'idle-only';
  /**
   * The JWK endpoints' answer: the bare JWK with its kid (`bare`, the OAS example),
   * without a kid, as a JSON string holding it, as a JWK Set, or an EC key (`not-rsa`).
   */
  jwkShape: 'bare' | 'bare-without-kid' | 'json-string' | 'jwk-set' | 'not-rsa';
  /**
   * A create's first webhooks go out before its 202, which waits until they
   * were answered: 8x8 calls back before the caller knows the conversation's id.
   */
  earlyWebhooks: boolean;
  /**
   * When the agent replies, 8x8 reports that the agent read the visitor's messages:
   * an `ACTIVITY read-receipts` before the agent's MESSAGE (`on-reply`), or never
   * (`none`, the default: the events reference lists the structure for no channel
   * yet, so the tests' exact webhook sequences leave it out; the demo turns it on).
   */
  agentReadReceipts?: 'on-reply' | 'none';
  /**
   * Where the card action-submit is served (card-routes.ts): the documented
   * `/api/v1/tenant/{tenantId}/…` path, under `/chat-gateway/v1` (if that is a
   * doc error), or `both`. The other answers 404.
   */
  cardSubmitPath: 'both' | 'tenant' | 'gateway';
  /** Sent (and signed) as `x-8x8-tenant-id` instead of the simulator's tenant. */
  webhookTenantId?: string;
  /** Sent (and signed) as `x-8x8-customer-id` instead of the simulator's customer. */
  webhookCustomerId?: string;
  // queue statistics
  /**
   * Real-time Metrics `GET /queues/{id}`: a one-element array (`array`, the
   * guide's example) or a bare object (`object`, the OAS's SingleQueueResponse).
   */
  queueStatsShape: 'array' | 'object';
  /** Metric values as JSON numbers (`numbers`) or strings like the group example's `"0"`. */
  metricValues: 'numbers' | 'strings';
  /**
   * What `enabled.rt` counts. The glossary says "agents logged in, assigned and
   * enabled for the queue, whatever their status" (`logged-in`, the default);
   * whether agents who are logged out count too is [UNCONFIRMED] (`assigned`).
   */
  enabledAgents: 'logged-in' | 'assigned';
}

export const DEFAULT_VARIANTS: Readonly<VariantSettings> = {
  agentMessage: 'documented',
  echoSender: 'author',
  agentEnd: 'left-then-idle',
  jwkShape: 'bare',
  earlyWebhooks: false,
  queueStatsShape: 'array',
  metricValues: 'numbers',
  enabledAgents: 'logged-in',
  cardSubmitPath: 'both',
};

export class Variants {
  #current: VariantSettings = { ...DEFAULT_VARIANTS };

  get current(): Readonly<VariantSettings> {
    return this.#current;
  }

  /** Changes the named variants; the others stay as they are. */
  set(changes: Partial<VariantSettings>): void {
    this.#current = { ...this.#current, ...changes };
  }

  clear(): void {
    this.#current = { ...DEFAULT_VARIANTS };
  }
}
