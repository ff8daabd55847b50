import type { Availability } from '../../protocol/availability-api.js';
import type { LoggedEvent, ParleyEventType } from '../../protocol/events.js';
import type {
  ConversationCredentials,
  SendMessageResponse,
  TranscriptPage,
} from '../../protocol/widget-api.js';
import { parseJson } from '../no-prototype.js';

/**
 * What the widget reads from the proxy (the stream, the transcript, its answers)
 * and from storage, checked before it becomes state: the fields each kind of
 * event needs, by type. A schema library would cost the first-open budget; the
 * proxy's own schemas (protocol/) are what these checks follow.
 */
const REQUIRED: Record<ParleyEventType, Record<string, 'string' | 'boolean' | 'object'>> = {
  conversation: { state: 'string' },
  participant: { change: 'string', role: 'string' },
  transferred: {},
  message: { messageId: 'string', role: 'string', text: 'string', attachments: 'object' },
  typing: { role: 'string', typing: 'boolean' },
  'message-status': { clientMessageId: 'string', status: 'string' },
  read: { role: 'string', upTo: 'string' },
  wait: {},
};

/** Every event type the stream sends. */
export const EVENT_TYPES = Object.keys(REQUIRED) as ParleyEventType[];

type Fields = Record<string, unknown>;

export const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function isLoggedEvent(value: unknown): value is LoggedEvent {
  if (!isObject(value) || typeof value.id !== 'number' || typeof value.at !== 'string') {
    return false;
  }
  const type = value.type as ParleyEventType;
  const required = Object.hasOwn(REQUIRED, type) ? REQUIRED[type] : undefined;
  if (!required) return false;
  for (const [field, kind] of Object.entries(required)) {
    if (typeof value[field] !== kind || value[field] === null) return false;
  }
  return type !== 'message' || Array.isArray(value.attachments);
}

/** An event from the stream's `data:` line, or undefined for anything else. */
export function parseEvent(data: string): LoggedEvent | undefined {
  try {
    const value: unknown = parseJson(data);
    return isLoggedEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isCredentials(value: unknown): value is ConversationCredentials {
  return (
    isObject(value) &&
    ['conversationId', 'token', 'streamToken', 'expiresAt'].every(
      (field) => typeof value[field] === 'string',
    ) &&
    isObject(value.limits)
  );
}

export function isSendResponse(value: unknown): value is SendMessageResponse {
  return (
    isObject(value) &&
    typeof value.clientMessageId === 'string' &&
    ['pending', 'sent', 'failed'].includes(value.status as string)
  );
}

export function isTranscriptPage(value: unknown): value is TranscriptPage {
  return (
    isObject(value) &&
    Array.isArray(value.events) &&
    value.events.every(isLoggedEvent) &&
    (value.next === undefined || typeof value.next === 'number')
  );
}

/** GET /v1/availability; `reason` and other fields a newer proxy adds are let through. */
export function isAvailability(value: unknown): value is Availability {
  return (
    isObject(value) &&
    typeof value.open === 'boolean' &&
    (value.nextOpenAt === undefined || typeof value.nextOpenAt === 'string') &&
    Array.isArray(value.departments) &&
    value.departments.every(
      (department) =>
        isObject(department) &&
        typeof department.id === 'string' &&
        typeof department.label === 'string',
    )
  );
}
