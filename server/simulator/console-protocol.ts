/** What the agent console page receives: the whole simulator state, small enough to resend. Types only. */

export interface ConsoleMessage {
  id: string;
  text: string;
  createdAt: string;
  authorType: 'user' | 'bot' | 'agent' | 'system';
  authorId: string;
}

export interface ConsoleConversation {
  id: string;
  state: 'created' | 'active' | 'idle';
  queueId: string;
  queueName: string;
  agentId?: string;
  visitor: {
    name?: string;
    email?: string;
    phone?: string;
    language?: string;
    details: { key: string; value: string }[];
  };
  userTyping: boolean;
  userRemoved: boolean;
  createdAt: string;
  messages: ConsoleMessage[];
}

export interface ConsoleSnapshot {
  agents: { id: string; name: string }[];
  queues: { id: string; name: string }[];
  conversations: ConsoleConversation[];
}
