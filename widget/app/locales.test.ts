import { describe, expect, it } from 'vitest';
import { LOCALES } from '../locales.js';
import { loadHoursStrings } from './hours-strings.js';
import { loadStrings } from './i18n.js';
import { en } from './locales/en.js';
import { hoursEn } from './locales/hours/en.js';
import type { Plural, PluralForms } from './plural.js';

/**
 * Every file in locales/, found in the folder (not from LOCALES), must say every English
 * string, nothing more, each function taking what English's takes, and each count
 * in every plural form its language has. A failure names the file and the keys.
 */
type Strings = Record<string, unknown>;

/** Globbed: each .ts file in the folder, whether or not LOCALES or i18n.ts name it. */
const modules = import.meta.glob<{ default?: Strings; en?: Strings }>([
  './locales/*.ts',
  '!./locales/*.test.ts',
]);
const files = Object.keys(modules).map((path) => path.slice('./locales/'.length, -'.ts'.length));
/** The second file per language (locales/hours/): the business-hours words, its own chunk. */
const hoursModules = import.meta.glob<{ default?: Strings; hoursEn?: Strings }>([
  './locales/hours/*.ts',
]);
const hoursFiles = Object.keys(hoursModules).map((path) =>
  path.slice('./locales/hours/'.length, -'.ts'.length),
);

async function stringsOf(file: string): Promise<Strings> {
  const module = await modules[`./locales/${file}.ts`]!();
  return (module.default ?? module.en) as Strings;
}

function problemsOf(
  strings: Strings,
  locale: string,
  reference = en as unknown as Strings,
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(reference)) {
    const want = reference[key];
    const have = strings[key];
    if (!(key in strings)) problems.push(`missing ${key}`);
    else if (isPlural(want)) problems.push(...pluralProblems(key, have, locale));
    else if (typeof have !== typeof want) problems.push(`${key} is a ${typeof have}`);
    else if (typeof have === 'string' && have.trim() === '') problems.push(`${key} is empty`);
    else if (typeof want === 'function' && (have as () => void).length !== want.length)
      problems.push(`${key} takes ${(have as () => void).length} arguments, not ${want.length}`);
  }
  for (const key of Object.keys(strings)) {
    if (!(key in reference)) problems.push(`extra ${key}`);
  }
  return problems;
}

const isPlural = (value: unknown): value is Plural =>
  typeof value === 'function' && 'forms' in value;

/** A count is its plural forms (a plural(…) in English), one for each category Intl.PluralRules uses. */
function pluralProblems(key: string, value: unknown, locale: string): string[] {
  const forms = isPlural(value) ? value.forms : value;
  if (
    typeof forms !== 'object' ||
    forms === null ||
    typeof (forms as PluralForms).other !== 'string'
  )
    return [`${key} is not plural forms with an "other" form`];
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  return categories
    .filter((category) => typeof (forms as PluralForms)[category] !== 'string')
    .map((category) => `${key} lacks its "${category}" form`);
}

describe('every locale file', () => {
  it('is found on disk: all the languages, including the ones added lately', () => {
    expect(files.length).toBeGreaterThanOrEqual(27);
    expect([...files].sort()).toEqual([...LOCALES].sort());
  });

  it('has every key of English, no other, with the same arguments and plural forms', async () => {
    const problems: Record<string, string[]> = {};
    for (const file of files) {
      const found = problemsOf(await stringsOf(file), file);
      if (found.length > 0) problems[file] = found;
    }
    expect(problems).toEqual({});
  });

  it('is what the widget loads for its language, translated', async () => {
    for (const locale of LOCALES) {
      const strings = await loadStrings(locale);
      const file = await stringsOf(locale);
      expect(strings.placeholder).toBe(file.placeholder);
      expect(strings.unread(1)).toMatch(/\S/);
      if (locale !== 'en') expect(strings.placeholder, locale).not.toBe(en.placeholder);
    }
  });

  it('reports what a locale lacks, has too many of, or takes differently', () => {
    const { title: _, ...lacking } = en as unknown as Strings;
    const file = {
      ...lacking,
      extra: 'x',
      agentTyping: () => '',
      unread: { one: '#', other: '#' },
    };
    expect(problemsOf(file, 'en')).toEqual([
      'missing title',
      'agentTyping takes 0 arguments, not 1',
      'extra extra',
    ]);
    expect(problemsOf({ ...file, unread: { other: '#' } }, 'ru')).toContain(
      'unread lacks its "few" form',
    );
    expect(problemsOf({ ...file, unread: 'x' }, 'ru')).toContain(
      'unread is not plural forms with an "other" form',
    );
  });
});

describe('every business-hours locale file (locales/hours/)', () => {
  const hoursOf = async (file: string): Promise<Strings> => {
    const module = await hoursModules[`./locales/hours/${file}.ts`]!();
    return (module.default ?? module.hoursEn) as Strings;
  };

  it('is there for every language', () => {
    expect([...hoursFiles].sort()).toEqual([...LOCALES].sort());
  });

  it('has every key of English, no other, with the same arguments', async () => {
    const problems: Record<string, string[]> = {};
    for (const file of hoursFiles) {
      const found = problemsOf(await hoursOf(file), file, hoursEn as unknown as Strings);
      if (found.length > 0) problems[file] = found;
    }
    expect(problems).toEqual({});
  });

  it('is what the widget loads for its language, translated', async () => {
    for (const locale of LOCALES) {
      const strings = await loadHoursStrings(locale);
      expect(strings.offlineSend, locale).toBe((await hoursOf(locale)).offlineSend);
      if (locale !== 'en') expect(strings.offlineSend, locale).not.toBe(hoursEn.offlineSend);
    }
  });

  it('reports a key a language lacks', () => {
    const { department: _, ...lacking } = hoursEn as unknown as Strings;
    expect(problemsOf(lacking, 'de', hoursEn as unknown as Strings)).toEqual([
      'missing department',
    ]);
  });
});
