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

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per language and form: making one costs ~0.1 ms, and a log of 300
 * messages formats every time on each new message (it was most of the page's time).
 */
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  const known = dateFormats.get(key);
  if (known) return known;
  const format = new Intl.DateTimeFormat(locale, options);
  dateFormats.set(key, format);
  return format;
}

/**
 * Times as the visitor's language writes them; the date too when it is not today,
 * unless `clock` (a message group's time, under the day line that says the day).
 */
export function formatTime(at: string, locale: Locale, clock = false): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  const today = clock || date.toDateString() === new Date().toDateString();
  return dateFormat(locale, {
    ...(today ? {} : { month: 'short', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
}

/** The day line above a day's first message: weekday and date, the year only when not this one. */
export function formatDay(at: string, locale: Locale): string {
  const date = new Date(at);
  return dateFormat(locale, {
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
