import { describe, expect, it } from 'vitest';
import { isCredentials, isTranscriptPage, parseEvent } from './wire.js';

const message = {
  id: 3,
  at: '2026-01-01T00:00:00.000Z',
  type: 'message',
  messageId: 'm1',
  role: 'agent',
  text: 'Hello',
  attachments: [],
};

describe('what the widget reads from the proxy', () => {
  it('takes events of a known type with the fields that type needs', () => {
    expect(parseEvent(JSON.stringify(message))).toEqual(message);
    expect(parseEvent(JSON.stringify({ id: 4, at: message.at, type: 'transferred' }))).toBeTruthy();
  });

  it('drops anything else: not JSON, an unknown type, a missing or mistyped field', () => {
    expect(parseEvent('{')).toBeUndefined();
    expect(parseEvent(JSON.stringify({ ...message, type: 'toString' }))).toBeUndefined();
    expect(parseEvent(JSON.stringify({ ...message, text: undefined }))).toBeUndefined();
    expect(parseEvent(JSON.stringify({ ...message, attachments: 'x' }))).toBeUndefined();
    expect(parseEvent(JSON.stringify({ ...message, id: '3' }))).toBeUndefined();
    expect(parseEvent('null')).toBeUndefined();
  });

  it('checks credentials and transcript pages whole', () => {
    const credentials = {
      conversationId: 'c',
      token: 't',
      streamToken: 's',
      expiresAt: message.at,
      limits: { maxMessageLength: 5000, attachments: null },
    };
    expect(isCredentials(credentials)).toBe(true);
    expect(isCredentials({ ...credentials, token: 1 })).toBe(false);
    expect(isTranscriptPage({ events: [message], next: 3 })).toBe(true);
    expect(isTranscriptPage({ events: [{ ...message, role: 1 }] })).toBe(false);
  });
});
