import { describe, expect, it } from 'vitest';
import { ParleyEvent } from '../protocol/events.js';
import { AttachmentIds, parseStored, StoredDataError } from './stored-json.js';

describe('parseStored', () => {
  it('gives back what was stored when it has the stored shape', () => {
    const event = { type: 'typing', role: 'agent', typing: true };
    expect(parseStored(ParleyEvent, JSON.stringify(event), 'event 1')).toEqual(event);
    expect(parseStored(AttachmentIds, '["a","b"]', 'ids')).toEqual(['a', 'b']);
  });

  it('refuses corrupt JSON and values of another shape, naming what was read', () => {
    expect(() => parseStored(ParleyEvent, '{"type":', 'event 7')).toThrow(
      new StoredDataError('event 7 is not JSON'),
    );
    expect(() => parseStored(ParleyEvent, '{"type":"typing","role":7}', 'event 8')).toThrow(
      /event 8 does not have the stored shape/,
    );
    expect(() => parseStored(AttachmentIds, '[1]', 'ids')).toThrow(StoredDataError);
  });
});
