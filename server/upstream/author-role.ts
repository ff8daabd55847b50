import type { Role } from '../../protocol/events.js';

/** 8x8's author or sender type (user, agent, bot, system) as a Parley role. */
export function roleOf(type: unknown, otherwise: Role = 'visitor'): Role {
  if (type === 'agent' || type === 'bot' || type === 'system') return type;
  return type === 'user' ? 'visitor' : otherwise;
}
