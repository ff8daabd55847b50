import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { withDemoAgents } from './demo-agent-directory.js';

const BASE = { DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-demo-agents-')) };

describe("the demo's agent directory", () => {
  it('names the simulator’s agents when the demo runs without a directory of its own', () => {
    const config = withDemoAgents(loadConfig(BASE));
    expect(config.agentDirectory['agent-alex']).toEqual({
      name: 'Alex Morgan',
      title: 'Customer Support',
    });
    expect(Object.keys(config.agentDirectory)).toEqual(['agent-alex', 'agent-sam', 'agent-kim']);
  });

  it('leaves a configured directory, and a proxy with 8x8 credentials, as they are', () => {
    const file = join(BASE.DATA_DIR, 'agents.json');
    writeFileSync(file, JSON.stringify({ 'agent-alex': { name: 'Alexandra' } }));
    const configured = withDemoAgents(loadConfig({ ...BASE, AGENT_DIRECTORY_FILE: file }));
    expect(configured.agentDirectory).toEqual({ 'agent-alex': { name: 'Alexandra' } });

    const production = loadConfig({ ...BASE, CC_API_KEY: 'key', CC_CHANNEL_ID: '25' });
    expect(withDemoAgents(production).agentDirectory).toEqual({});
  });
});
