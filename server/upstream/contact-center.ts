import type { ParleyEvent, Role, VisitorDetails } from '../protocol.js';

/**
 * One 8x8 chat API, seen from the relay. Implementations: chat-gateway.ts (the
 * current Chat Gateway v1, the default) and, later, chat-api.ts (legacy v2).
 */
export interface ContactCenter {
  readonly api: 'chat-gateway' | 'chat-api';
  /** What this API can carry besides text. */
  readonly features: { typing: boolean; attachments: boolean };
  createConversation(input: NewUpstreamConversation): Promise<{ upstreamId: string }>;
  sendMessage(upstreamId: string, message: UpstreamMessage): Promise<void>;
  /** The visitor is typing (8x8 has no "stopped": its indicator times out). */
  sendTyping(upstreamId: string): Promise<void>;
  /** Uploads a file the visitor will send; its id goes in a message's attachmentIds. */
  uploadAttachment(upstreamId: string, file: UpstreamFile): Promise<{ id: string }>;
  /** The visitor left: 8x8 ends the interaction and frees the agent. */
  leave(upstreamId: string): Promise<void>;
  /** The conversation as 8x8 has it now, to resync after a gap in webhooks. */
  readConversation(upstreamId: string): Promise<UpstreamSnapshot>;
  /** Is the API reachable (for /readyz)? Never throws. */
  reachable(): Promise<boolean>;
}

export interface UpstreamMessage {
  text?: string;
  attachmentIds?: string[];
}

export interface UpstreamFile {
  name: string;
  contentType: string;
  data: Uint8Array;
}

export interface UpstreamSnapshot {
  state: 'created' | 'active' | 'idle';
  /** Oldest first. */
  messages: { id: string; role: Role; text: string; createdAt: string }[];
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
