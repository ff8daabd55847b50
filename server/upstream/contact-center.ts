import type { ParleyEvent, VisitorDetails } from '../protocol.js';

/**
 * One 8x8 chat API, seen from the relay. Implementations: chat-gateway.ts (the
 * current Chat Gateway v1, the default) and, later, chat-api.ts (legacy v2).
 */
export interface ContactCenter {
  readonly api: 'chat-gateway' | 'chat-api';
  createConversation(input: NewUpstreamConversation): Promise<{ upstreamId: string }>;
  sendMessage(upstreamId: string, text: string): Promise<void>;
  /** The visitor left: 8x8 ends the interaction and frees the agent. */
  leave(upstreamId: string): Promise<void>;
  /** Is the API reachable (for /readyz)? Never throws. */
  reachable(): Promise<boolean>;
}

export interface NewUpstreamConversation {
  visitor: VisitorDetails;
  locale?: string;
  variables: Record<string, string>;
}

/** What a verified webhook body means for one conversation. */
export interface UpstreamEvents {
  upstreamId: string;
  events: ParleyEvent[];
}

/** A failed call to 8x8, with what the widget may be told about it. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    /** HTTP status from 8x8, or undefined for a network failure or timeout. */
    readonly status: number | undefined,
    /** Worth trying again later (network, timeout, 429, 5xx). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
