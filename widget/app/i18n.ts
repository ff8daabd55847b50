import { type Locale, TRANSLATIONS } from '../locales.js';
import { en, type Strings, type Translation } from './locales/en.js';
import { type PluralForms, plural } from './plural.js';

export async function loadStrings(locale: Locale): Promise<Strings> {
  if (locale === 'en') return en;
  try {
    return withCounts((await TRANSLATIONS[locale]()).default, locale);
  } catch {
    return en;
  }
}

/** A file's plural forms (the only objects in it) as functions of the count. */
function withCounts(translation: Translation, locale: Locale): Strings {
  const entries = Object.entries(translation).map(([key, value]) => [
    key,
    typeof value === 'object' ? plural(locale, value as PluralForms) : value,
  ]);
  return Object.fromEntries(entries) as Strings;
}

/**
 * Times as the visitor's language writes them; the date too when it is not today,
 * unless `clock` (a message group's time, under the day line that says the day).
 */
export function formatTime(at: string, locale: Locale, clock = false): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  const today = clock || date.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(locale, {
    ...(today ? {} : { month: 'short', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
}

/** The day line above a day's first message: weekday and date, the year only when not this one. */
export function formatDay(at: string, locale: Locale): string {
  const date = new Date(at);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() === new Date().getFullYear() ? {} : { year: 'numeric' }),
  }).format(date);
}

export function formatBytes(bytes: number, locale: Locale): string {
  const megabytes = bytes / (1024 * 1024);
  const [value, unit] = megabytes >= 1 ? [megabytes, 'megabyte'] : [bytes / 1024, 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(
    value,
  );
}

/** One or two letters for an avatar: "Alex Morgan" → "AM", "Agent" → "A". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words;
  return letters.map((word) => [...word][0]!.toLocaleUpperCase()).join('');
}
