import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '../locales.js';
import { useUi } from './components/ui.js';
import { type HoursStrings, hoursEn } from './locales/hours/en.js';

/**
 * The words of business hours, the offline form, departments and the transcript by
 * email (issue 17), per language: a second chunk per language, fetched by the parts
 * that show them (the closed panel, the department picker, the transcript email), so
 * the first open and its language chunk stay without them. English comes with those parts.
 */
export const HOURS_TRANSLATIONS = {
  ar: () => import('./locales/hours/ar.js'),
  cs: () => import('./locales/hours/cs.js'),
  da: () => import('./locales/hours/da.js'),
  de: () => import('./locales/hours/de.js'),
  es: () => import('./locales/hours/es.js'),
  fi: () => import('./locales/hours/fi.js'),
  fr: () => import('./locales/hours/fr.js'),
  he: () => import('./locales/hours/he.js'),
  hi: () => import('./locales/hours/hi.js'),
  id: () => import('./locales/hours/id.js'),
  it: () => import('./locales/hours/it.js'),
  ja: () => import('./locales/hours/ja.js'),
  ko: () => import('./locales/hours/ko.js'),
  nb: () => import('./locales/hours/nb.js'),
  nl: () => import('./locales/hours/nl.js'),
  pl: () => import('./locales/hours/pl.js'),
  pt: () => import('./locales/hours/pt.js'),
  ro: () => import('./locales/hours/ro.js'),
  ru: () => import('./locales/hours/ru.js'),
  sv: () => import('./locales/hours/sv.js'),
  th: () => import('./locales/hours/th.js'),
  tr: () => import('./locales/hours/tr.js'),
  uk: () => import('./locales/hours/uk.js'),
  vi: () => import('./locales/hours/vi.js'),
  'zh-Hans': () => import('./locales/hours/zh-Hans.js'),
  'zh-Hant': () => import('./locales/hours/zh-Hant.js'),
} satisfies Record<Exclude<Locale, 'en'>, () => Promise<{ default: HoursStrings }>>;

const loaded: Partial<Record<Locale, HoursStrings>> = { en: hoursEn };

/** Fetches a language's words once (English when its chunk cannot be had). */
export async function loadHoursStrings(locale: Locale): Promise<HoursStrings> {
  if (loaded[locale]) return loaded[locale];
  try {
    loaded[locale] = (await HOURS_TRANSLATIONS[locale as Exclude<Locale, 'en'>]()).default;
  } catch {
    return hoursEn;
  }
  return loaded[locale];
}

/**
 * The words in the panel's language. The parts load them before they first show
 * (`loadHoursStrings`); after `setLocale`, the previous words stay until the new arrive.
 */
export function useHoursStrings(): HoursStrings {
  const { locale } = useUi();
  const [last, setLast] = useState(() => loaded[locale] ?? hoursEn);
  const now = loaded[locale];
  useEffect(() => {
    if (!now) void loadHoursStrings(locale).then(setLast);
  }, [locale]);
  return now ?? last;
}

/** A part of the panel (for Lazy), once its words are here in `locale` when it shows them. */
export const withHoursStrings = <T>(view: T, locale: Locale, shown: unknown = true): Promise<T> =>
  shown ? loadHoursStrings(locale).then(() => view) : Promise.resolve(view);
