import type { Translation } from './app/locales/en.js';

/**
 * The languages the widget speaks. English ships in the app; each other one is a
 * chunk fetched only when chosen (loadStrings in app/i18n.ts). docs/languages.md
 * says how to add one.
 */
/** Each language but English, its own chunk: only the one chosen is fetched. */
export const TRANSLATIONS = {
  ar: () => import('./app/locales/ar.js'),
  cs: () => import('./app/locales/cs.js'),
  da: () => import('./app/locales/da.js'),
  de: () => import('./app/locales/de.js'),
  es: () => import('./app/locales/es.js'),
  fi: () => import('./app/locales/fi.js'),
  fr: () => import('./app/locales/fr.js'),
  he: () => import('./app/locales/he.js'),
  hi: () => import('./app/locales/hi.js'),
  id: () => import('./app/locales/id.js'),
  it: () => import('./app/locales/it.js'),
  ja: () => import('./app/locales/ja.js'),
  ko: () => import('./app/locales/ko.js'),
  nb: () => import('./app/locales/nb.js'),
  nl: () => import('./app/locales/nl.js'),
  pl: () => import('./app/locales/pl.js'),
  pt: () => import('./app/locales/pt.js'),
  ro: () => import('./app/locales/ro.js'),
  ru: () => import('./app/locales/ru.js'),
  sv: () => import('./app/locales/sv.js'),
  th: () => import('./app/locales/th.js'),
  tr: () => import('./app/locales/tr.js'),
  uk: () => import('./app/locales/uk.js'),
  vi: () => import('./app/locales/vi.js'),
  'zh-Hans': () => import('./app/locales/zh-Hans.js'),
  'zh-Hant': () => import('./app/locales/zh-Hant.js'),
} satisfies Record<string, () => Promise<{ default: Translation }>>;

export type Locale = 'en' | keyof typeof TRANSLATIONS;
/** Read from the import map, so a language is listed once. */
export const LOCALES = ['en', ...Object.keys(TRANSLATIONS)] as readonly Locale[];

/** Norwegian is written in Bokmål unless we learn Nynorsk; "no" is the macrolanguage. */
const SAME_AS: Record<string, Locale> = { no: 'nb', nn: 'nb' };

/**
 * The first of `wanted` (tags such as pt-BR) that we speak, else English. Its
 * language decides, and for Chinese its script: zh-TW and zh-HK are written in
 * traditional characters, zh-CN, zh-SG and plain zh in simplified ones.
 */
export function pickLocale(wanted: readonly string[]): Locale {
  for (const tag of wanted) {
    const found = match(tag);
    if (found) return found;
  }
  return 'en';
}

function match(tag: string): Locale | undefined {
  try {
    const { language, script } = new Intl.Locale(tag).maximize();
    return (
      SAME_AS[language] ??
      LOCALES.find((locale) => locale === language || locale === `${language}-${script}`)
    );
  } catch {
    return undefined;
  }
}

export const isRtl = (locale: Locale) => locale === 'ar' || locale === 'he';
