import type { LoggedEvent } from '../../server/protocol.js';
import type { ChatState, Notice, TimelineItem } from './chat-state.js';

/**
 * The one place where the proxy's events become state (transport event → state,
 * as in Twilio's webchat). Pure with respect to the network: tests feed it events.
 * Applying the same event twice changes nothing.
 */
export function applyEvent(state: ChatState, event: LoggedEvent): void {
  if (event.id <= state.lastEventId) return;
  state.lastEventId = event.id;

  switch (event.type) {
    case 'conversation':
      state.conversation.value = event.state;
      if (event.state === 'queued') {
        state.queueName.value = event.queueName;
        notice(state, event, {
          notice: 'queued',
          ...(event.queueName ? { queueName: event.queueName } : {}),
        });
      }
      if (event.state === 'idle' || event.state === 'closed') {
        state.agent.value = undefined;
        state.agentTyping.value = false;
        notice(state, event, { notice: 'ended' });
      }
      return;
    case 'participant':
      if (event.role !== 'agent') return;
      if (event.change === 'joined') {
        state.agent.value = {
          ...(event.participantId ? { id: event.participantId } : {}),
          ...(event.name ? { name: event.name } : {}),
        };
        notice(state, event, {
          notice: 'agent-joined',
          ...(event.name ? { name: event.name } : {}),
        });
      } else {
        state.agentTyping.value = false;
        notice(state, event, { notice: 'agent-left', ...(event.name ? { name: event.name } : {}) });
      }
      return;
    case 'transferred':
      notice(state, event, { notice: 'transferred' });
      return;
    case 'typing':
      if (event.role !== 'visitor') state.agentTyping.value = event.typing;
      return;
    case 'message': {
      if (event.role !== 'visitor') state.agentTyping.value = false;
      const key = event.clientMessageId ?? event.messageId;
      const existing = state.timeline.value.find((item) => item.key === key);
      if (existing) return;
      state.timeline.value = [
        ...state.timeline.value,
        {
          kind: 'message',
          key,
          role: event.role,
          text: event.text,
          at: event.at,
          attachments: event.attachments,
          ...(event.authorName ? { authorName: event.authorName } : {}),
          ...(event.quickReplies ? { quickReplies: event.quickReplies } : {}),
          ...(event.role === 'visitor' ? { status: 'pending' as const } : {}),
        },
      ];
      return;
    }
    case 'message-status':
      updateMessage(state, event.clientMessageId, {
        status: event.status,
        ...(event.reason ? { reason: event.reason } : {}),
      });
      return;
  }
}

function notice(state: ChatState, event: LoggedEvent, body: Notice) {
  state.timeline.value = [
    ...state.timeline.value,
    { kind: 'notice', key: `event-${event.id}`, at: event.at, ...body },
  ];
}

export function updateMessage(
  state: ChatState,
  key: string,
  patch: Partial<Extract<TimelineItem, { kind: 'message' }>>,
) {
  state.timeline.value = state.timeline.value.map((item) =>
    item.kind === 'message' && item.key === key ? { ...item, ...patch } : item,
  );
}
