/** What the agent console page receives: the whole simulator state, small enough to resend. */
import type { SampleCardName } from './sample-cards.js';

export interface ConsoleMessage {
  id: string;
  text: string;
  createdAt: string;
  authorType: 'user' | 'bot' | 'agent' | 'system';
  authorId: string;
  attachments: ConsoleAttachment[];
  /** The message's cards: their kind, and whether 8x8 has them answered. */
  cards: { contentType: string; actionSubmitted: boolean }[];
}

export interface ConsoleAttachment {
  id: string;
  name: string;
  contentType: string;
  sizeInBytes: number;
  /** The pre-signed download URL. */
  url: string;
}

export interface ConsoleConversation {
  id: string;
  state: 'created' | 'active' | 'idle';
  queueId: string;
  queueName: string;
  /** The API that created it. */
  api: 'gateway' | 'legacy';
  /** In a queue, waiting for an agent. */
  waiting: boolean;
  /** When it last went into a queue. */
  queuedAt?: string | undefined;
  agentId?: string | undefined;
  /** Legacy: the agent who ended it, held until the customer leaves. */
  heldAgentId?: string | undefined;
  visitor: {
    name?: string | undefined;
    email?: string | undefined;
    phone?: string | undefined;
    language?: string | undefined;
    details: { key: string; value: string }[];
  };
  userTyping: boolean;
  agentTyping: boolean;
  userRemoved: boolean;
  /** The visitor's last read receipt: agent messages up to then show "Seen". */
  userReadAt?: string;
  createdAt: string;
  messages: ConsoleMessage[];
  /** Every card action-submit, with the `adaptiveCard/action` value reported for it. */
  cardSubmits: {
    cardId: string;
    path: 'tenant' | 'gateway';
    value: { type: string; data: Record<string, unknown> };
    at: string;
  }[];
}

/** The sample cards the console can send (sample-cards.ts). */
export const CONSOLE_CARDS = [
  'example',
  'textBlock',
  'richText',
  'media',
  'layout',
  'feedback',
  'buttons',
  'template',
  'carousel',
  'suggestions',
  'unknown',
] as const satisfies readonly SampleCardName[];
export type ConsoleCard = (typeof CONSOLE_CARDS)[number];

export interface ConsoleSnapshot {
  agents: { id: string; name: string }[];
  queues: { id: string; name: string }[];
  conversations: ConsoleConversation[];
}
