import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import { readAgentDirectory } from '../agent-directory-file.js';
import { withAgentIdentity } from './agent-directory.js';

const directory = {
  'agent-abc-123': {
    name: 'Alex',
    avatarUrl: 'https://cdn.example.com/alex.png',
    title: 'Billing',
  },
};

function file(content: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-agents-')), 'agents.json');
  writeFileSync(path, content);
  return path;
}

describe('the agent directory', () => {
  it("names the gateway's id-only join and messages, with photo and title", () => {
    const joined = {
      type: 'participant',
      change: 'joined',
      role: 'agent',
      participantId: 'agent-abc-123',
    } as const;
    expect(withAgentIdentity(directory, joined)).toEqual({
      ...joined,
      name: 'Alex',
      avatarUrl: 'https://cdn.example.com/alex.png',
      title: 'Billing',
    });
    const message: ParleyEvent = {
      type: 'message',
      messageId: 'evt-1',
      role: 'agent',
      participantId: 'agent-abc-123',
      text: 'Hi',
      attachments: [],
    };
    expect(withAgentIdentity(directory, message)).toMatchObject({
      authorName: 'Alex',
      authorAvatarUrl: 'https://cdn.example.com/alex.png',
    });
  });

  it('leaves unknown agents, visitors and other events as 8x8 sent them', () => {
    const legacy = {
      type: 'participant',
      change: 'joined',
      role: 'agent',
      participantId: 'cmalutan',
      name: 'Cosmin,Malutan',
    } as const;
    expect(withAgentIdentity(directory, legacy)).toBe(legacy);
    const visitor = {
      type: 'participant',
      change: 'joined',
      role: 'visitor',
      participantId: 'agent-abc-123',
    } as const;
    expect(withAgentIdentity(directory, visitor)).toBe(visitor);
    expect(withAgentIdentity(directory, { type: 'transferred' })).toEqual({ type: 'transferred' });
    // An id like a prototype key finds nothing.
    const proto = { ...legacy, participantId: '__proto__' };
    expect(withAgentIdentity(directory, proto)).toBe(proto);
  });

  it('reads a valid file, and refuses bad JSON, unknown fields and non-https photos clearly', () => {
    expect(readAgentDirectory(file(JSON.stringify(directory)))).toEqual(directory);
    expect(
      readAgentDirectory(file(JSON.stringify({ a: { name: 'A', avatarUrl: '/avatars/a.png' } }))),
    ).toEqual({
      a: { name: 'A', avatarUrl: '/avatars/a.png' },
    });
    expect(readAgentDirectory(file('{nope'))).toEqual([expect.stringContaining('is not JSON')]);
    expect(readAgentDirectory(file(JSON.stringify({ a: { name: 'A', photo: 'x' } })))).toEqual([
      expect.stringContaining('does not have the stored shape'),
    ]);
    for (const bad of [
      'http://cdn.example.com/a.png',
      'javascript:alert(1)',
      'data:image/png;base64,AA',
      '//evil.example/a.png',
    ]) {
      expect(
        readAgentDirectory(file(JSON.stringify({ a: { name: 'A', avatarUrl: bad } }))),
      ).toEqual([expect.stringContaining("a's avatarUrl must be an https URL")]);
    }
  });
});
