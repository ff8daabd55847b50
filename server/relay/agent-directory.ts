import { type Static, Type } from 'typebox';
import type { ParleyEvent } from '../../protocol/events.js';

/**
 * The proxy's agent directory (AGENT_DIRECTORY_FILE): agent id → how the visitor
 * sees them. 8x8 sends an agent's name only on the legacy API (`agentName`); the
 * Chat Gateway sends an id alone, and no 8x8 API gives a photo, so the operator
 * configures them here. The id is 8x8's agent id as the webhooks carry it.
 */
export const AgentEntry = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    avatarUrl: Type.Optional(Type.String({ maxLength: 2000 })),
    title: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type AgentEntry = Static<typeof AgentEntry>;

export const AgentDirectoryFile = Type.Record(Type.String({ minLength: 1 }), AgentEntry);
export type AgentDirectory = Record<string, AgentEntry>;

/**
 * An avatar a browser may load: https, or a path on the proxy's own origin.
 * Anything else (http, data:, javascript:, another scheme) is refused at load.
 */
export function isAvatarUrl(value: string): boolean {
  if (value.startsWith('/') && !value.startsWith('//')) return true;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The event with the directory's entry for its agent: on a join the name, photo
 * and title; on a message the author's name and photo. The directory's name wins
 * over 8x8's: it is the operator's choice (e.g. first names only).
 */
export function withAgentIdentity(directory: AgentDirectory, event: ParleyEvent): ParleyEvent {
  if (event.type !== 'participant' && event.type !== 'message') return event;
  if (event.role !== 'agent' || !event.participantId) return event;
  const entry = Object.hasOwn(directory, event.participantId)
    ? directory[event.participantId]
    : undefined;
  if (!entry) return event;
  if (event.type === 'participant') {
    return {
      ...event,
      name: entry.name,
      ...(entry.avatarUrl ? { avatarUrl: entry.avatarUrl } : {}),
      ...(entry.title ? { title: entry.title } : {}),
    };
  }
  return {
    ...event,
    authorName: entry.name,
    ...(entry.avatarUrl ? { authorAvatarUrl: entry.avatarUrl } : {}),
  };
}
