import { describe, expect, it } from 'vitest';
import { INITIAL_LEGACY_STATE, mapLegacyEvent } from './chat-api-events.js';
import { mapGatewayEvent } from './chat-gateway-events.js';
import { capText, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from './text-limits.js';

describe('text from 8x8', () => {
  it('passes text up to the cap as it is, and cuts longer text with an ellipsis, the cap in all', () => {
    const cuts: [string, number][] = [];
    const told = (field: string, length: number) => cuts.push([field, length]);
    expect(capText('x'.repeat(10), 10, 'text', told)).toBe('x'.repeat(10));
    expect(capText('x'.repeat(11), 10, 'text', told)).toBe(`${'x'.repeat(9)}…`);
    expect(cuts).toEqual([['text', 11]]);
  });

  it('never splits a surrogate pair', () => {
    const cut = capText(`${'x'.repeat(8)}😀😀`, 10, 'text');
    expect(cut).toBe(`${'x'.repeat(8)}…`);
    expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
  });

  it('caps every text of a gateway MESSAGE and MEMBERS_CHANGED: the text, file names, quick replies, names', () => {
    const long = 'A'.repeat(100_000);
    const fields: string[] = [];
    const context = { eventId: 'e-1', onTruncated: (field: string) => fields.push(field) };
    const message = mapGatewayEvent(
      {
        eventType: 'MESSAGE',
        conversationId: 'c-1',
        data: {
          sender: { type: 'agent' },
          text: long,
          attachments: [{ id: 'a-1', type: 'file', fileName: long }],
          cards: [
            {
              contentType: 'application/8x8.quick.replies',
              content: { options: [{ title: long, data: { postback: 'p' } }] },
            },
          ],
        },
      },
      context,
    )!.events[0]!;
    expect(message).toMatchObject({
      text: `${'A'.repeat(MAX_TEXT_LENGTH - 1)}…`,
      attachments: [{ name: `${'A'.repeat(MAX_NAME_LENGTH - 1)}…` }],
      quickReplies: [{ title: `${'A'.repeat(MAX_NAME_LENGTH - 1)}…`, payload: 'p' }],
    });
    const joined = mapGatewayEvent(
      {
        eventType: 'MEMBERS_CHANGED',
        conversationId: 'c-1',
        data: { memberType: 'agent', change: 'joined', id: 'a', name: long },
      },
      context,
    )!.events[0]!;
    expect(joined).toMatchObject({ name: `${'A'.repeat(MAX_NAME_LENGTH - 1)}…` });
    expect(fields.sort()).toEqual(['fileName', 'name', 'text', 'title']);
  });

  it('caps the legacy TEXT and the agent name', () => {
    const long = 'A'.repeat(100_000);
    const mapped = mapLegacyEvent(
      {
        eventType: 'TEXT',
        messageType: 'AGENT',
        conversationId: 'c-1',
        agentName: long,
        message: long,
      },
      { eventId: 'e-1' },
      INITIAL_LEGACY_STATE,
    )!.mapped.events[0]!;
    expect(mapped).toMatchObject({
      text: `${'A'.repeat(MAX_TEXT_LENGTH - 1)}…`,
      authorName: `${'A'.repeat(MAX_NAME_LENGTH - 1)}…`,
    });
  });
});
