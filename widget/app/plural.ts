/**
 * A count in words, as the language counts: Russian has one/few/many, Arabic six
 * forms, Japanese one. `#` in a form stands for the number. The forms stay readable on the
 * result, so the locale test can tell a count from other strings.
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Plural {
  (count: number): string;
  readonly forms: PluralForms;
}

export function plural(locale: string, forms: PluralForms): Plural {
  const rules = new Intl.PluralRules(locale);
  const say = (count: number) =>
    (forms[rules.select(count)] ?? forms.other).replace('#', String(count));
  return Object.assign(say, { forms });
}
