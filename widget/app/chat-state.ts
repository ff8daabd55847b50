import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Availability } from '../../protocol/availability-api.js';
import type {
  Attachment,
  Card,
  CardSubmit,
  ConversationState,
  QuickReply,
  Role,
} from '../../protocol/events.js';
import type { WidgetLimits } from '../../protocol/widget-api.js';
import type { OfflineStatus, Refused } from './offline-messages.js';
import type { TranscriptEmailStatus } from './transcript-email.js';

/** `delivered`: 8x8 reported the agent read it (a read receipt); see apply-event.ts. */
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'failed';

export type Notice =
  | { notice: 'agent-joined'; name?: string }
  | { notice: 'agent-left'; name?: string }
  | { notice: 'transferred' }
  | { notice: 'queued'; queueName?: string }
  | { notice: 'ended' };

/** Why a file is not sent: the proxy's limits (before any upload), or the proxy's own no. */
export type Refusal = 'type' | 'size' | 'empty' | 'off';

/** A file picked, dropped or pasted, waiting above the composer (widget/app/files/). */
export interface Draft {
  id: string;
  file: File;
  /** An object URL, for images: revoked once nothing shows it. */
  preview?: string;
  refused?: Refusal;
}

/** The visitor's file in a message while it goes up: how far it is. */
export interface Upload extends Draft {
  progress: number;
  /** Set once uploaded, so a retry sends the message without uploading again. */
  attachmentId?: string;
}

export interface MessageItem {
  kind: 'message';
  /** The client message id for the visitor's own messages, else the server's message id. */
  key: string;
  /** The event id, once the proxy has logged it (unread counting and ordering). */
  id?: number;
  role: Role;
  authorName?: string;
  /** From the proxy's agent directory. */
  authorAvatarUrl?: string | undefined;
  text: string;
  at: string;
  /** 8x8's send time, for its messages: they are placed by it (webhooks may come out of order). */
  sentAt?: string;
  attachments: Attachment[];
  quickReplies?: QuickReply[];
  /** The visitor's answer to a quick reply: the chosen one's payload, sent with the title. */
  quickReplyPayload?: string;
  status?: MessageStatus;
  reason?: string;
  /** The visitor's files, until the proxy has them and the message is sent. */
  uploads?: Upload[];
  /** Cards 8x8 sent with the message (rich/cards draws them). */
  cards?: Card[];
  /** `text` only repeats the cards' TextBlocks: not shown beside them. */
  textFromCards?: boolean;
  /** The visitor's answer to a card of an earlier message (what `text` summarises). */
  cardSubmit?: CardSubmit;
}

export type NoticeItem = { kind: 'notice'; key: string; at: string } & Notice;
export type TimelineItem = MessageItem | NoticeItem;

export type Connection = 'offline' | 'connecting' | 'live' | 'reconnecting';

/**
 * Everything the panel shows, as signals. Changed only by apply-event.ts (events)
 * and the controller (chat-controller.ts and the parts it composes: actions);
 * components get it read-only (ReadonlyChatState) and call the controller.
 */
export function createChatState() {
  const conversation = signal<ConversationState | 'none'>('none');
  const timeline = signal<TimelineItem[]>([]);
  const seenId = signal(0);
  const limits = signal<WidgetLimits | undefined>(undefined);
  const availability = signal<Availability | undefined>(undefined);
  return {
    open: signal(false),
    conversation,
    /** The conversation is over (the visitor closed it or the agent ended it). */
    ended: computed(() => conversation.value === 'closed' || conversation.value === 'idle'),
    queue: signal<
      | {
          name?: string;
          position?: number;
          /** 8x8's queue statistics, as the last `wait` event said them. */
          wait?: { waiting?: number; estimatedWaitSeconds?: number };
        }
      | undefined
    >(undefined),
    agent: signal<
      | { id?: string; name?: string; avatarUrl?: string | undefined; title?: string | undefined }
      | undefined
    >(undefined),
    agentTyping: signal(false),
    timeline,
    connection: signal<Connection>('offline'),
    /** The browser has no network: messages wait in the outbox. */
    offline: signal(false),
    /** What the proxy accepts; known once a conversation exists. */
    limits,
    /** A problem worth a line in the panel (the start failed, ending failed). */
    error: signal<string | undefined>(undefined),
    /** Files waiting above the composer; the next send takes those not refused. */
    drafts: signal<Draft[]>([]),
    /** The pre-chat form was filled in (or there is none). */
    prechatDone: signal(false),
    confirmingEnd: signal(false),
    /** The survey after the chat: offered, on its way, answered, or skipped. */
    survey: signal<'offered' | 'sending' | 'sent' | 'skipped'>('offered'),
    /** Highest event id the visitor has seen, in any tab of this browser. */
    seenId,
    unread: computed(
      () =>
        timeline.value.filter(
          (item) =>
            item.kind === 'message' && item.role !== 'visitor' && (item.id ?? 0) > seenId.value,
        ).length,
    ),
    /** This tab holds the browser's event stream (shared-feed.ts): the one that alerts. */
    leading: signal(false),
    /** Highest event id applied: where the stream resumes. */
    lastEventId: 0,
    // business hours and departments (issue 17)
    /** Open or closed, and what the proxy offers; undefined until (unless) it answers. */
    availability,
    /**
     * Closed, and this browser has no conversation (limits come with one): the panel
     * says when it opens and offers the offline form. Any `open: false` counts, whatever
     * its `reason` (hours, nobody logged in).
     */
    closed: computed(
      () =>
        availability.value?.open === false &&
        !limits.value &&
        conversation.value === 'none' &&
        !timeline.value.length,
    ),
    /** The department the chat goes to: the page's (`forced`: no picker) or the visitor's. */
    department: signal<{ id: string; forced: boolean } | undefined>(undefined),
    /** The offline form's message: where it is, and what the proxy refused (offline-messages.ts). */
    offlineMessage: signal<OfflineStatus>('editing'),
    offlineRefused: signal<Refused | undefined>(undefined),
    /** The ended conversation's transcript by email (transcript-email.ts). */
    transcriptEmail: signal<TranscriptEmailStatus>('idle'),
  };
}

export type ChatState = ReturnType<typeof createChatState>;

/** The state with every signal read-only and nothing to assign: what components get. */
export type ReadonlyChatState = {
  readonly [K in keyof ChatState]: ChatState[K] extends ReadonlySignal<infer T>
    ? ReadonlySignal<T>
    : ChatState[K];
};
