import { describe, expect, it } from 'vitest';
import { isRtl, LOCALES, pickLocale } from '../locales.js';
import { formatBytes, initials, loadStrings } from './i18n.js';
import { en } from './locales/en.js';
import { transcriptText } from './transcript-file.js';

describe('languages', () => {
  it('speaks seven languages besides English, each translated and loaded on demand', async () => {
    expect(LOCALES.filter((locale) => locale !== 'en')).toHaveLength(7);
    for (const locale of LOCALES) {
      const strings = await loadStrings(locale);
      expect(Object.keys(strings).sort()).toEqual(Object.keys(en).sort());
      if (locale !== 'en') expect(strings.send).not.toBe(en.send);
    }
    expect(LOCALES.filter(isRtl)).toEqual(['ar', 'he']);
  });

  it('picks the first language spoken from the browser’s list, by language, else English', () => {
    expect(pickLocale(['pt-BR', 'en'])).toBe('pt');
    expect(pickLocale(['sv', 'de-AT'])).toBe('de');
    expect(pickLocale(['sv'])).toBe('en');
  });

  it('makes initials for avatars from whatever name there is', () => {
    expect(initials('Alex Morgan')).toBe('AM');
    expect(initials('Agent')).toBe('A');
    expect(initials('  ada  lovelace king ')).toBe('AK');
    expect(initials('Ólafur')).toBe('Ó');
  });

  it('formats sizes in the visitor’s language', () => {
    expect(formatBytes(10 * 1024 * 1024, 'en')).toBe('10 MB');
    expect(formatBytes(1536, 'de')).toBe('1,5 kB');
  });

  it('writes a plain-text transcript', () => {
    const text = transcriptText(
      [
        {
          kind: 'notice',
          key: 'n',
          at: '2026-11-24T10:00:00Z',
          notice: 'agent-joined',
          name: 'Sam',
        },
        {
          kind: 'message',
          key: 'm',
          role: 'agent',
          authorName: 'Sam',
          text: 'Hello',
          at: '2026-11-24T10:01:00Z',
          attachments: [{ id: 'f', name: 'a.pdf', kind: 'file', url: 'https://x/a.pdf' }],
        },
        {
          kind: 'message',
          key: 'v',
          role: 'visitor',
          text: 'Hi',
          at: '2026-11-24T10:02:00Z',
          attachments: [],
        },
      ],
      en,
      'en',
      'Support',
    );
    expect(text).toMatch(
      /^Support\n\n\[.+\] — Sam joined the chat —\n\[.+\] Sam: Hello \[a.pdf https:\/\/x\/a.pdf\]\n\[.+\] You: Hi\n$/,
    );
  });
});
