import { describe, expect, it } from 'vitest';
import { loadStrings } from './i18n.js';
import { en } from './locales/en.js';
import { plural } from './plural.js';

describe('counts in words', () => {
  it('picks the form Intl.PluralRules gives the count, with # as the number', () => {
    const apples = plural('en', { one: '# apple', other: '# apples' });
    expect([0, 1, 2].map(apples)).toEqual(['0 apples', '1 apple', '2 apples']);
    expect(apples.forms.one).toBe('# apple');
  });

  it('falls back to "other" where a form is not given', () => {
    expect(plural('ru', { other: '# шт.' })(2)).toBe('2 шт.');
  });

  it('says unread messages as Russian counts them: one, few, many', async () => {
    const { unread } = await loadStrings('ru');
    expect([1, 2, 5, 11, 21, 22, 25, 111].map(unread)).toEqual([
      '1 непрочитанное сообщение',
      '2 непрочитанных сообщения',
      '5 непрочитанных сообщений',
      '11 непрочитанных сообщений',
      '21 непрочитанное сообщение',
      '22 непрочитанных сообщения',
      '25 непрочитанных сообщений',
      '111 непрочитанных сообщений',
    ]);
  });

  it('as Polish counts them', async () => {
    const { unread } = await loadStrings('pl');
    expect([1, 2, 5, 12, 21, 22].map(unread)).toEqual([
      '1 nieprzeczytana wiadomość',
      '2 nieprzeczytane wiadomości',
      '5 nieprzeczytanych wiadomości',
      '12 nieprzeczytanych wiadomości',
      '21 nieprzeczytanych wiadomości',
      '22 nieprzeczytane wiadomości',
    ]);
  });

  it('as Arabic counts them: one, two, few, many, other', async () => {
    const { unread } = await loadStrings('ar');
    expect([1, 2, 5, 21, 22, 100].map(unread)).toEqual([
      'رسالة واحدة غير مقروءة',
      'رسالتان غير مقروءتين',
      '5 رسائل غير مقروءة',
      '21 رسالة غير مقروءة',
      '22 رسالة غير مقروءة',
      '100 رسالة غير مقروءة',
    ]);
  });

  it('as Czech, Ukrainian and Romanian count them', async () => {
    const cs = (await loadStrings('cs')).unread;
    expect([1, 2, 5].map(cs)).toEqual([
      '1 nepřečtená zpráva',
      '2 nepřečtené zprávy',
      '5 nepřečtených zpráv',
    ]);
    const uk = (await loadStrings('uk')).unread;
    expect([1, 3, 5].map(uk)).toEqual([
      '1 непрочитане повідомлення',
      '3 непрочитані повідомлення',
      '5 непрочитаних повідомлень',
    ]);
    const ro = (await loadStrings('ro')).unread;
    expect([1, 2, 20].map(ro)).toEqual([
      '1 mesaj necitit',
      '2 mesaje necitite',
      '20 de mesaje necitite',
    ]);
  });

  it('in English and in a language without plural forms', async () => {
    expect([1, 3].map(en.unread)).toEqual(['1 unread message', '3 unread messages']);
    expect((await loadStrings('ja')).unread(3)).toBe('未読メッセージ 3件');
  });
});
