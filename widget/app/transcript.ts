import type { TimelineItem } from './chat-state.js';
import type { Strings } from './locales/en.js';
import { plainText } from './safe-display.js';

export function authorOf(item: Extract<TimelineItem, { kind: 'message' }>, strings: Strings) {
  return item.role === 'visitor' ? strings.you : plainText(item.authorName ?? strings.agent);
}

export function noticeText(item: Extract<TimelineItem, { kind: 'notice' }>, strings: Strings) {
  switch (item.notice) {
    case 'agent-joined':
      return strings.agentJoined(plainText(item.name ?? strings.agent));
    case 'agent-left':
      return strings.agentLeft(plainText(item.name ?? strings.agent));
    case 'transferred':
      return strings.transferred;
    case 'queued':
      return strings.queued(item.queueName && plainText(item.queueName));
    case 'ended':
      return strings.ended;
  }
}
