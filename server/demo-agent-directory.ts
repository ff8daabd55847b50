import type { Config } from './config.js';
import type { AgentDirectory } from './relay/agent-directory.js';
import { DEFAULT_AGENTS } from './simulator/agent-actions.js';

const TEAMS: Record<string, string> = {
  'agent-alex': 'Customer Support',
  'agent-sam': 'Billing',
  'agent-kim': 'Returns',
};

/**
 * What `npm start` uses when it runs the demo and AGENT_DIRECTORY_FILE is unset:
 * the simulator's agents by name and team, so the first look at the demo shows
 * people ("Alex Morgan · Customer Support", initials "AM"), as a configured proxy would,
 * rather than the "Agent" an unconfigured Chat Gateway tenant falls back to.
 */
export const DEMO_AGENT_DIRECTORY: AgentDirectory = Object.fromEntries(
  DEFAULT_AGENTS.map((agent) => [
    agent.id,
    { name: agent.name, ...(TEAMS[agent.id] ? { title: TEAMS[agent.id] } : {}) },
  ]),
);

/** The configuration `npm start` runs: the demo's directory when the demo has none of its own. */
export function withDemoAgents(config: Config): Config {
  if (!config.demo || Object.keys(config.agentDirectory).length > 0) return config;
  return { ...config, agentDirectory: DEMO_AGENT_DIRECTORY };
}
