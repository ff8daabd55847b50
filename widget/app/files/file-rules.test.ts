import { describe, expect, it } from 'vitest';
import { ProxyError } from '../proxy-client.js';
import { readAttachmentLimits } from './attachment-limits.js';
import { refusalOf, refusalOfAnswer, typeList, typeName, uploadName } from './file-rules.js';

const limits = { maxBytes: 100, types: ['image/png', 'text/plain'] };
const file = (size: number, type: string) => new File([new Uint8Array(size)], 'f', { type });
/** 4 GB, as the browser reports a file it has not read. */
const huge = (type: string) => Object.defineProperty(file(1, type), 'size', { value: 2 ** 32 });

describe('what the proxy would take', () => {
  it('judges by the type the browser reports, the size and emptiness, before any upload', () => {
    expect(refusalOf(file(100, 'image/png'), limits)).toBeUndefined();
    expect(refusalOf(file(101, 'image/png'), limits)).toBe('size');
    expect(refusalOf(file(1, 'image/svg+xml'), limits)).toBe('type');
    // No type at all (an unknown extension) is not a type the proxy takes.
    expect(refusalOf(file(1, ''), limits)).toBe('type');
    expect(refusalOf(file(0, 'text/plain'), limits)).toBe('empty');
    expect(refusalOf(file(1, 'image/png'), null)).toBe('off');
    // Unknown limits (an older proxy): only emptiness is judged here, the proxy judges the rest.
    expect(refusalOf(huge('application/x-anything'), undefined)).toBeUndefined();
    // A huge file is judged by its size alone: nothing of it is read.
    expect(refusalOf(huge('image/png'), limits)).toBe('size');
  });

  it('reads the proxy’s refusals of an upload that are about the file, and only those', () => {
    expect(refusalOfAnswer(new ProxyError(415, 'File content does not match its type'))).toBe(
      'type',
    );
    expect(refusalOfAnswer(new ProxyError(413, 'Too large'))).toBe('size');
    expect(refusalOfAnswer(new ProxyError(403, 'Attachments disabled'))).toBe('off');
    for (const status of [0, 400, 401, 409, 429, 500, 502]) {
      expect(refusalOfAnswer(new ProxyError(status, 'x'))).toBeUndefined();
    }
    expect(refusalOfAnswer(new Error('x'))).toBeUndefined();
  });

  it('names types as visitors know them, in their language', () => {
    expect(['image/png', 'image/jpeg', 'text/plain', 'image/svg+xml'].map(typeName)).toEqual([
      'PNG',
      'JPEG',
      'TXT',
      'SVG',
    ]);
    expect(typeName('application/vnd.ms-excel')).toBe('MS-EXCEL');
    expect(typeList(['image/png', 'image/jpeg', 'application/pdf'], 'en')).toBe(
      'PNG, JPEG, or PDF',
    );
    expect(typeList(['image/png', 'application/pdf'], 'de')).toBe('PNG oder PDF');
  });

  it('sends a name the proxy takes: at most 255 characters, keeping the extension', () => {
    const long = `${'😀'.repeat(300)}.pdf`;
    const sent = uploadName(long);
    expect(Array.from(sent)).toHaveLength(255);
    expect(sent.endsWith('😀.pdf')).toBe(true);
    expect(uploadName('')).toBe('file');
    expect(uploadName('a.png')).toBe('a.png');
  });

  it('reads the limits the proxy sends, and nothing else', () => {
    expect(readAttachmentLimits(limits)).toEqual(limits);
    expect(readAttachmentLimits(null)).toBeNull();
    for (const wrong of [
      undefined,
      'x',
      { maxBytes: '1', types: [] },
      { maxBytes: 1, types: [1] },
    ]) {
      expect(readAttachmentLimits(wrong)).toBeUndefined();
    }
  });
});
