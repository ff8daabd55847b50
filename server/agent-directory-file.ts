import { readFileSync } from 'node:fs';
import { type AgentDirectory, AgentDirectoryFile, isAvatarUrl } from './relay/agent-directory.js';
import { parseStored } from './stored-json.js';

/**
 * Reads AGENT_DIRECTORY_FILE: a JSON object of 8x8 agent id → `{name, avatarUrl?, title?}`.
 * Answers the directory, or the problems to print (the proxy then refuses to start).
 */
export function readAgentDirectory(path: string): AgentDirectory | string[] {
  let directory: AgentDirectory;
  try {
    directory = parseStored(
      AgentDirectoryFile,
      readFileSync(path, 'utf8'),
      `AGENT_DIRECTORY_FILE ${path}`,
    );
  } catch (error) {
    return [
      `${(error as Error).message}; it must be a JSON object of agent id → {name, avatarUrl?, title?}`,
    ];
  }
  const problems = Object.entries(directory)
    .filter(([, entry]) => entry.avatarUrl !== undefined && !isAvatarUrl(entry.avatarUrl))
    .map(
      ([id]) =>
        `AGENT_DIRECTORY_FILE ${path}: ${id}'s avatarUrl must be an https URL or a path on the proxy (/avatars/alex.png)`,
    );
  return problems.length > 0 ? problems : directory;
}
