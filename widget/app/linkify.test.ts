import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.js';

describe('linkify', () => {
  it('links http(s), www, mailto and tel, leaving trailing punctuation outside', () => {
    expect(linkify('See https://example.com/a?b=1, or www.example.org.')).toEqual([
      { text: 'See ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', or ' },
      { text: 'www.example.org', href: 'https://www.example.org/' },
      { text: '.' },
    ]);
    expect(linkify('mailto:help@example.com or tel:+442071234567.')).toEqual([
      { text: 'mailto:help@example.com', href: 'mailto:help@example.com' },
      { text: ' or ' },
      { text: 'tel:+442071234567', href: 'tel:+442071234567' },
      { text: '.' },
    ]);
  });

  it('never links javascript:, data: or markdown-style targets', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '[click](javascript:alert(1))',
      'JaVaScRiPt:alert(1)',
      'vbscript:msgbox',
    ]) {
      expect(linkify(text).every((part) => !('href' in part))).toBe(true);
    }
  });

  it('keeps the text whole, character for character', () => {
    const text = '<img src=x onerror=alert(1)> https://a.example/<b> & "quotes"';
    expect(
      linkify(text)
        .map((part) => part.text)
        .join(''),
    ).toBe(text);
  });

  it('links what the old pattern linked: a link inside brackets, a phone number with brackets, several in a row', () => {
    expect(linkify('(https://example.com/a) tel:+44(20)7123-4567; mailto:a@b.example!')).toEqual([
      { text: '(' },
      { text: 'https://example.com/a', href: 'https://example.com/a' },
      { text: ') ' },
      { text: 'tel:+44(20)7123-4567', href: 'tel:+44(20)7123-4567' },
      { text: '; ' },
      { text: 'mailto:a@b.example', href: 'mailto:a@b.example' },
      { text: '!' },
    ]);
    expect(linkify('xhttps://example.com mailto:nobody tel:12')).toEqual([
      { text: 'xhttps://example.com mailto:nobody tel:12' },
    ]);
  });

  // Each of these took seconds to minutes with a backtracking pattern (quadratic in Node 20);
  // in one pass they are as quick as any text of their length.
  it('reads a link followed by 200,000 dots in one pass, leaving the dots outside', () => {
    const dots = '.'.repeat(200_000);
    expect(linkify(`https://a${dots}`)).toEqual([
      { text: 'https://a', href: 'https://a/' },
      { text: dots },
    ]);
    const parts = linkify(`https://a${dots}x`);
    expect(parts).toHaveLength(1);
    expect('href' in parts[0]!).toBe(true);
  });

  it('reads 100,000 "mailto:" without an "@" in one pass, as plain text', () => {
    const text = 'mailto:'.repeat(100_000);
    expect(linkify(text)).toEqual([{ text }]);
    expect(linkify(`${'mailto:'.repeat(100_000)} mailto:a@b.example`).at(-1)).toEqual({
      text: 'mailto:a@b.example',
      href: 'mailto:a@b.example',
    });
  });
});
