import { describe, expect, it } from 'vitest';
import { isRtl, LOCALES, pickLocale } from '../locales.js';
import { formatBytes, formatDay, formatTime, initials } from './i18n.js';
import { en } from './locales/en.js';
import { transcriptText } from './transcript-file.js';

describe('times and days', () => {
  it('makes one formatter per language and form, however many messages are drawn', () => {
    // A long log formats every message's time on each new message: making an Intl formatter
    // each time took 170 ms a message at 300 messages (most of the page's main thread).
    const Original = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    } as typeof Original;
    try {
      const at = new Date().toISOString();
      const lastYear = new Date(Date.now() - 400 * 86_400_000).toISOString();
      const first = formatTime(at, 'de');
      for (let i = 0; i < 300; i++) {
        expect(formatTime(at, 'de')).toBe(first);
        formatTime(lastYear, 'de');
        formatTime(at, 'de', true);
        formatDay(at, 'de');
      }
      // today, another day, the day line: three forms (a clock is today's form).
      expect(made).toBeLessThanOrEqual(3);
    } finally {
      Intl.DateTimeFormat = Original;
    }
    expect(formatTime(new Date().toISOString(), 'en')).toMatch(/\d:\d\d/);
  });
});

describe('languages', () => {
  it('lays out Arabic and Hebrew right to left, and no other language', () => {
    expect(LOCALES.filter(isRtl)).toEqual(['ar', 'he']);
  });

  it('picks the first language spoken from the browser’s list, by language, else English', () => {
    expect(pickLocale(['pt-BR', 'en'])).toBe('pt');
    expect(pickLocale(['eu', 'de-AT'])).toBe('de');
    expect(pickLocale(['sv-FI'])).toBe('sv');
    expect(pickLocale(['eu'])).toBe('en');
    expect(pickLocale(['not a tag', 'fr-CA'])).toBe('fr');
    expect(pickLocale([])).toBe('en');
  });

  it('picks Chinese by its script, or by the region where none is given', () => {
    for (const tag of ['zh-Hans', 'zh-CN', 'zh-SG', 'zh', 'zh-Hans-HK', 'ZH-cn'])
      expect(pickLocale([tag]), tag).toBe('zh-Hans');
    for (const tag of ['zh-Hant', 'zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant-CN'])
      expect(pickLocale([tag]), tag).toBe('zh-Hant');
  });

  it('writes Norwegian in Bokmål, and knows old codes', () => {
    for (const tag of ['nb', 'no', 'nn', 'nb-NO', 'no-NO', 'nn-NO'])
      expect(pickLocale([tag])).toBe('nb');
    expect(pickLocale(['iw'])).toBe('he');
    expect(pickLocale(['in-ID'])).toBe('id');
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
