/**
 * 8x8's Language enum (both APIs): it routes the chat to an agent who speaks
 * the language and drives auto-translation. Anything else is left out, so 8x8
 * applies its default rather than refusing the conversation.
 */
const LANGUAGES = new Set([
  'en',
  'ru',
  'de',
  'ja',
  'es',
  'fr',
  'pt',
  'it',
  'pl',
  'hr',
  'nl',
  'ar',
  'da',
  'ko',
  'no',
  'sv',
  'vi',
  'cy',
  'th',
]);

const TRADITIONAL_REGIONS = new Set(['TW', 'HK', 'MO']);

/** A BCP 47 tag as browsers report it (en-US, zh-Hans-CN, nb) to 8x8's Language, or undefined. */
export function toLanguage(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const [first = '', ...rest] = locale.replace(/_/g, '-').split('-');
  const language = first.toLowerCase();
  if (language === 'zh') return chinese(rest);
  // Norwegian Bokmål and Nynorsk are both "no" to 8x8.
  if (language === 'nb' || language === 'nn') return 'no';
  return LANGUAGES.has(language) ? language : undefined;
}

/** Script decides (Hant is traditional); without one, the region does; plain zh is simplified. */
function chinese(subtags: string[]): string {
  const script = subtags.find((tag) => tag.length === 4)?.toLowerCase();
  if (script === 'hant') return 'zh-TW';
  if (script === 'hans') return 'zh-CN';
  const region = subtags.find((tag) => tag.length === 2)?.toUpperCase();
  return region && TRADITIONAL_REGIONS.has(region) ? 'zh-TW' : 'zh-CN';
}
