/**
 * The languages the widget speaks. English ships in the app; each other one is a
 * chunk fetched only when chosen (widget/app/i18n.ts). docs/languages.md says how
 * to add one.
 */
export const LOCALES = [
  'en',
  'ar',
  'cs',
  'da',
  'de',
  'es',
  'fi',
  'fr',
  'he',
  'hi',
  'id',
  'it',
  'ja',
  'ko',
  'nb',
  'nl',
  'pl',
  'pt',
  'ro',
  'ru',
  'sv',
  'th',
  'tr',
  'uk',
  'vi',
  'zh-Hans',
  'zh-Hant',
] as const;
export type Locale = (typeof LOCALES)[number];

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
