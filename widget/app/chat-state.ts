import { signal } from '@preact/signals';
import type { Attachment, ConversationState, QuickReply, Role } from '../../server/protocol.js';

export type MessageStatus = 'pending' | 'sent' | 'failed';

export type Notice =
  | { notice: 'agent-joined'; name?: string }
  | { notice: 'agent-left'; name?: string }
  | { notice: 'transferred' }
  | { notice: 'queued'; queueName?: string }
  | { notice: 'ended' };

export type TimelineItem =
  | {
      kind: 'message';
      /** The client message id for the visitor's own messages, else the server's message id. */
      key: string;
      role: Role;
      authorName?: string;
      text: string;
      at: string;
      attachments: Attachment[];
      quickReplies?: QuickReply[];
      status?: MessageStatus;
      reason?: string;
    }
  | ({ kind: 'notice'; key: string; at: string } & Notice);

export type Connection = 'offline' | 'connecting' | 'live' | 'reconnecting';

/** Everything the panel shows, as signals. Changed only by apply-event.ts and chat-controller.ts. */
export function createChatState() {
  return {
    open: signal(false),
    conversation: signal<ConversationState | 'none'>('none'),
    queueName: signal<string | undefined>(undefined),
    agent: signal<{ id?: string; name?: string } | undefined>(undefined),
    agentTyping: signal(false),
    timeline: signal<TimelineItem[]>([]),
    connection: signal<Connection>('offline'),
    /** A problem worth a line in the panel (start failed and so on). */
    error: signal<string | undefined>(undefined),
    /** Highest event id applied: where the stream resumes. */
    lastEventId: 0,
  };
}

export type ChatState = ReturnType<typeof createChatState>;
