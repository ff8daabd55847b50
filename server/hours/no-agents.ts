import type { AgentPresence } from '../relay/agent-presence.js';
import type { Availability } from './availability.js';

/** WHEN_NO_AGENTS: with nobody logged in, take the chat into the queue anyway, or close. */
export type WhenNoAgents = 'chat' | 'offline';

/**
 * Open by the hours, then by who is logged in. Open hours with nobody logged
 * in stay open with `chat` (the chat waits in the queue) and close with
 * `offline` (reason `no-agents`), and only on a known "nobody": unknown
 * statistics never close the widget. Closed hours are not asked about agents.
 */
export async function withAgents(
  byHours: Availability,
  presence: (() => Promise<AgentPresence>) | undefined,
  whenNoAgents: WhenNoAgents,
): Promise<Availability> {
  if (!byHours.open || !presence) return byHours;
  const { loggedIn, available } = await presence();
  const known: Availability = {
    ...byHours,
    ...(loggedIn !== undefined ? { agentsLoggedIn: loggedIn } : {}),
    ...(available !== undefined ? { agentsAvailable: available } : {}),
  };
  if (loggedIn === false && whenNoAgents === 'offline') {
    return { ...known, open: false, reason: 'no-agents' };
  }
  return known;
}
