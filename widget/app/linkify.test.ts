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
});
