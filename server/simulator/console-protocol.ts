/** What the agent console page receives: the whole simulator state, small enough to resend. Types only. */

export interface ConsoleMessage {
  id: string;
  text: string;
  createdAt: string;
  authorType: 'user' | 'bot' | 'agent' | 'system';
  authorId: string;
  attachments: ConsoleAttachment[];
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
}

export interface ConsoleSnapshot {
  agents: { id: string; name: string }[];
  queues: { id: string; name: string }[];
  conversations: ConsoleConversation[];
}
