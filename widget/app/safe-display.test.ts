import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.js';
import { plainText, textChunks } from './safe-display.js';
import { displayLink } from './safe-link.js';

describe('untrusted text', () => {
  it('loses the bidi embedding, override and isolate controls, and nothing else', () => {
    const controls = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(plainText(`invoice${controls}fdp.exe`)).toBe('invoicefdp.exe');
    expect(plainText('שלום, مرحبا, Grüße 👋🏽')).toBe('שלום, مرحبا, Grüße 👋🏽');
  });

  it('keeps ordinary words whole and cuts a long run into pieces of at most 64', () => {
    expect(textChunks('Hello there, a normal sentence.')).toEqual([
      'Hello there, a normal sentence.',
    ]);
    const word = 'A'.repeat(1000);
    const chunks = textChunks(`see ${word} end`);
    expect(chunks.join('')).toBe(`see ${word} end`);
    expect(chunks[0]).toBe(`see ${'A'.repeat(64)}`);
    expect(Math.max(...chunks.map((chunk) => chunk.replace(/^\s*\S*\s/, '').length))).toBe(64);
    expect(chunks).toHaveLength(16);
  });

  it('never cuts inside a character: surrogate pairs, combining marks, emoji sequences', () => {
    for (const unit of ['😀', 'e\u0301', '👋🏽', '👩‍💻', '\u05d0\u05b8']) {
      const text = unit.repeat(500);
      const chunks = textChunks(text);
      expect(chunks.join('')).toBe(text);
      expect(chunks.length).toBeGreaterThan(1);
      for (const chunk of chunks) expect(chunk.startsWith(unit), `${unit} ${chunk}`).toBe(true);
    }
  });
});

describe('links', () => {
  it('shows a link as written when it shows its real host', () => {
    expect(displayLink('https://Example.com/a?b=1')).toEqual({
      href: 'https://example.com/a?b=1',
      text: 'https://Example.com/a?b=1',
    });
    expect(displayLink('www.example.org:8443/x')?.text).toBe('www.example.org:8443/x');
  });

  it('refuses a user name before the host: "bank.example@" is not where the link goes', () => {
    for (const trick of [
      'https://bank.example@evil.example/',
      'https://bank.example:pin@evil.example/login',
      'https://@evil.example/',
      'www.bank.example@evil.example',
    ]) {
      expect(displayLink(trick), trick).toBeUndefined();
      expect(linkify(`see ${trick}`)).toEqual([{ text: `see ${trick}` }]);
    }
  });

  it('shows a host in mixed scripts in punycode, and one script as it is written', () => {
    // A Cyrillic "а" among Latin letters: looks like apple.com.
    expect(displayLink('https://\u0430pple.com/login')).toEqual({
      href: 'https://xn--pple-43d.com/login',
      text: 'https://xn--pple-43d.com/login',
    });
    // All Cyrillic under .com is still two scripts in one host.
    expect(displayLink('https://\u0430\u0440\u0440\u04cf\u0435.com/')?.text).toBe(
      'https://xn--80ak6aa92e.com/',
    );
    expect(displayLink('https://münchen.de/karte')?.text).toBe('https://münchen.de/karte');
    expect(displayLink('https://пример.рф')?.text).toBe('https://пример.рф');
    expect(displayLink('https://例え.jp/')?.text).toBe('https://例え.jp/');
  });

  it('shows the host the browser goes to when the text would say another', () => {
    // A division slash is not a slash: the host is "bank.example∕evil.com".
    expect(displayLink('https://bank.example\u2215evil.com/')?.text).toBe(
      'https://bank.xn--exampleevil-0h8f.com/',
    );
    expect(displayLink('https://%65vil.com/')?.text).toBe('https://evil.com/');
    expect(displayLink('https:///evil.com')?.text).toBe('https://evil.com/');
    // A backslash is a slash to the browser: the host is evil.com, not bank.example.
    expect(displayLink('https://evil.com\\@bank.example')).toEqual({
      href: 'https://evil.com/@bank.example',
      text: 'https://evil.com/@bank.example',
    });
  });

  it('links mailto and tel as written, and nothing else', () => {
    expect(displayLink('mailto:help@example.com')?.text).toBe('mailto:help@example.com');
    expect(displayLink('tel:+442071234567')?.href).toBe('tel:+442071234567');
    expect(displayLink('javascript:alert(1)')).toBeUndefined();
    expect(displayLink('https://exa mple.com')).toBeUndefined();
  });
});
