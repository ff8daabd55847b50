import type { LoggedEvent } from '../../protocol/events.js';
import { bare } from '../no-prototype.js';
import type { ChatState, MessageItem, Notice, TimelineItem } from './chat-state.js';

/**
 * The one place where the proxy's events become state (transport event → state,
 * as in Twilio's webchat). Pure with respect to the network: tests feed it events.
 * Applying the same event twice changes nothing. Returns false for an event that
 * is no news to the visitor (a replay, or an end after the end).
 */
export function applyEvent(state: ChatState, event: LoggedEvent): boolean {
  if (event.id <= state.lastEventId) return false;
  state.lastEventId = event.id;

  switch (event.type) {
    case 'conversation':
      // The visitor's close is followed by 8x8's idle: one end is enough.
      if (state.ended.value) return false;
      state.conversation.value = event.state;
      if (event.state === 'queued') {
        state.queue.value = bare({
          ...(event.queueName ? { name: event.queueName } : {}),
          ...(event.position ? { position: event.position } : {}),
        });
        // A new position in the same queue updates the line; it is not news.
        const last = state.timeline.value.at(-1);
        if (
          last?.kind === 'notice' &&
          last.notice === 'queued' &&
          last.queueName === event.queueName
        )
          return true;
        notice(state, event, {
          notice: 'queued',
          ...(event.queueName ? { queueName: event.queueName } : {}),
        });
      } else state.queue.value = undefined;
      if (event.state === 'idle' || event.state === 'closed') {
        state.agent.value = undefined;
        state.agentTyping.value = false;
        state.confirmingEnd.value = false;
        notice(state, event, { notice: 'ended' });
      }
      return true;
    case 'participant':
      if (event.role !== 'agent') return false;
      if (event.change === 'joined') {
        state.queue.value = undefined;
        state.agent.value = bare({
          ...(event.participantId ? { id: event.participantId } : {}),
          ...(event.name ? { name: event.name } : {}),
          avatarUrl: event.avatarUrl,
          title: event.title,
        });
      } else {
        state.agentTyping.value = false;
        if (state.agent.value?.id === event.participantId) state.agent.value = undefined;
      }
      notice(state, event, {
        notice: event.change === 'joined' ? 'agent-joined' : 'agent-left',
        ...(event.name ? { name: event.name } : {}),
      });
      return true;
    case 'transferred':
      notice(state, event, { notice: 'transferred' });
      return true;
    case 'typing':
      if (event.role !== 'visitor') state.agentTyping.value = event.typing;
      return true;
    case 'message': {
      if (event.role !== 'visitor') state.agentTyping.value = false;
      const key = event.clientMessageId ?? event.messageId;
      const fields: Partial<MessageItem> = { id: event.id, attachments: event.attachments };
      if (state.timeline.value.some((item) => item.key === key)) {
        // Our optimistic copy: now logged. Keep its local preview and status.
        updateMessage(state, key, fields);
        return true;
      }
      const agent = event.role === 'agent' ? state.agent.value : undefined;
      const authorName = event.authorName ?? agent?.name;
      const item: MessageItem = bare({
        kind: 'message' as const,
        key,
        id: event.id,
        role: event.role,
        text: event.text,
        at: event.at,
        attachments: event.attachments,
        ...(event.sentAt ? { sentAt: event.sentAt } : {}),
        ...(authorName ? { authorName } : {}),
        authorAvatarUrl: event.authorAvatarUrl ?? agent?.avatarUrl,
        ...(event.quickReplies ? { quickReplies: event.quickReplies } : {}),
        ...(event.cards ? { cards: event.cards } : {}),
        ...(event.textFromCards ? { textFromCards: true } : {}),
        ...(event.cardSubmit ? { cardSubmit: event.cardSubmit } : {}),
        ...(event.role === 'visitor' ? { status: 'pending' as const } : {}),
      });
      state.timeline.value = placeBySentAt(state.timeline.value, item);
      return true;
    }
    case 'message-status':
      updateMessage(state, event.clientMessageId, {
        status: event.status,
        ...(event.reason ? { reason: event.reason } : {}),
      });
      return true;
    case 'read':
      // The agent read the visitor's messages sent up to `upTo` (8x8's clock; ours
      // is the visitor's, close enough for a tick): those 8x8 took are delivered.
      state.timeline.value = state.timeline.value.map((item) =>
        item.kind === 'message' && item.status === 'sent' && item.at <= event.upTo
          ? bare({ ...item, status: 'delivered' as const })
          : item,
      );
      return true;
    case 'wait':
      // What 8x8's statistics say of the queue now; a field it did not give is not shown.
      if (state.queue.value) state.queue.value = bare({ ...state.queue.value, wait: event });
      return false;
  }
}

function notice(state: ChatState, event: LoggedEvent, body: Notice) {
  state.timeline.value = [
    ...state.timeline.value,
    bare({ kind: 'notice' as const, key: `event-${event.id}`, at: event.at, ...body }),
  ];
}

export function updateMessage(state: ChatState, key: string, patch: Partial<MessageItem>) {
  state.timeline.value = state.timeline.value.map((item) =>
    item.kind === 'message' && item.key === key ? bare({ ...item, ...patch }) : item,
  );
}

/**
 * Appends a message, except that one 8x8 sent before the messages just shown (its webhook
 * was overtaken) goes before them: the visitor reads the agent's messages in the agent's order.
 * Only a run of 8x8-timestamped messages at the end is reordered; nothing crosses a notice or
 * a message without a send time.
 */
function placeBySentAt(timeline: TimelineItem[], item: MessageItem): TimelineItem[] {
  let at = timeline.length;
  if (item.sentAt) {
    while (at > 0) {
      const before = timeline[at - 1]!;
      if (before.kind !== 'message' || !before.sentAt || before.sentAt <= item.sentAt) break;
      at--;
    }
  }
  return [...timeline.slice(0, at), item, ...timeline.slice(at)];
}
