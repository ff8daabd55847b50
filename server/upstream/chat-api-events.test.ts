import { describe, expect, it } from 'vitest';
import { INITIAL_LEGACY_STATE, type LegacyState, mapLegacyEvent } from './chat-api-events.js';

/**
 * The legacy Chat API v2 webhooks, fed 8x8's documented bodies as the reference
 * (§3.4, from 8x8's webhook-events-reference page) prints them, byte for byte.
 */
const QUEUED = `{"eventType":"QUEUED","messageType":"SYSTEM","conversationId":"ID-0","timestamp":0,"queueId":"string","queueName":"string"}`;
const AGENT_JOINED = `{"eventType":"AGENT_JOINED","messageType":"SYSTEM","conversationId":"ID-0","timestamp":0,"agentId":"string","agentName":"string"}`;
const AGENT_LEFT = `{"eventType":"AGENT_LEFT","messageType":"SYSTEM","conversationId":"ID-0","timestamp":0,"agentId":"string","agentName":"string"}`;
const TRANSFER = `{"eventType":"TRANSFER","messageType":"SYSTEM","conversationId":"ID-0","timestamp":0}`;

function play(...bodies: string[]) {
  let state: LegacyState = INITIAL_LEGACY_STATE;
  return bodies.flatMap((raw) => {
    const mapping = mapLegacyEvent(JSON.parse(raw), { eventId: 'e' }, state)!;
    state = mapping.state;
    return mapping.mapped.events;
  });
}

const agent = { role: 'agent', participantId: 'string', name: 'string' } as const;

describe('the documented legacy bodies', () => {
  it('QUEUED: queued, with the queue name and the queue id', () => {
    expect(play(QUEUED)).toEqual([
      { type: 'conversation', state: 'queued', queueName: 'string', queueId: 'string' },
    ]);
  });

  it('AGENT_LEFT ends the chat, once; after a TRANSFER it is a hand-over', () => {
    expect(play(AGENT_JOINED, AGENT_LEFT, AGENT_LEFT)).toEqual([
      { type: 'participant', change: 'joined', ...agent },
      { type: 'conversation', state: 'active' },
      { type: 'participant', change: 'left', ...agent },
      { type: 'conversation', state: 'idle' },
    ]);
    expect(play(AGENT_JOINED, TRANSFER, AGENT_LEFT)).toEqual([
      { type: 'participant', change: 'joined', ...agent },
      { type: 'conversation', state: 'active' },
      { type: 'transferred' },
      { type: 'participant', change: 'left', ...agent },
    ]);
  });
});
