/**
 * The languages the widget speaks, shared by the loader (the launcher's label)
 * and the app (everything else). English ships in the app; the others are
 * chunks fetched only when chosen.
 */
export const LOCALES = ['en', 'ar', 'de', 'es', 'fr', 'he', 'ja', 'pt'] as const;
export type Locale = (typeof LOCALES)[number];

/** The first of `wanted` (tags such as pt-BR) that we speak, by its language; else English. */
export function pickLocale(wanted: readonly string[]): Locale {
  for (const tag of wanted) {
    const language = tag.toLowerCase().split('-')[0];
    const found = LOCALES.find((locale) => locale === language);
    if (found) return found;
  }
  return 'en';
}

export const isRtl = (locale: Locale) => locale === 'ar' || locale === 'he';
