import type { PrechatFieldName } from '../parley.js';

export interface PrechatField {
  name: PrechatFieldName;
  required: boolean;
}

/** The widget's options after validation: everything here can be trusted. */
export interface WidgetOptions {
  proxy: string;
  title?: string;
  subtitle?: string;
  accent?: string;
  position: 'right' | 'left';
  offsetX?: string;
  offsetY?: string;
  theme: 'auto' | 'light' | 'dark';
  /** A canonical language tag; absent or empty means the browser's languages. */
  locale?: string;
  launcherLabel?: string;
  greeting?: string;
  prechat: PrechatField[];
  consent?: string;
  open: boolean;
  zIndex?: number;
  nonce?: string;
  sound: boolean;
  /** Offer desktop notifications of agent messages (data-notifications="false": never). */
  notifications: boolean;
  /** data-survey="off": no survey after the chat, whatever the proxy offers. */
  survey?: boolean;
  /** data-department: the department preselected in the pre-chat form's picker. */
  department?: string;
  // data-radius, data-font (app/theme/) and data-teaser-delay (app/teaser.ts) are read by
  // the chunks that use them, from the raw strings: the first open stays small.
}

type Raw = Record<string, string | undefined>;
type Parse = (value: string) => unknown;

const text = (max: number) => (value: string) => (value.length <= max ? value : undefined);
const oneOf = (values: string) => (value: string) =>
  values.split(' ').includes(value) ? value : undefined;
const flag = (value: string) => ({ true: true, on: true, false: false, off: false })[value];
const css = (property: string) => (value: string) =>
  CSS.supports(property, value) ? value : undefined;

/**
 * Each option and how its value is read; `undefined` from a reader means "not
 * valid". The loader reads what it needs to draw the launcher and load the app;
 * the app reads the rest when it arrives, so the loader stays small.
 */
export const LOADER_OPTIONS: Readers = [
  ['proxy', httpUrl],
  ['accent', css('color')],
  ['position', oneOf('right left')],
  ['offsetX', css('top')],
  ['offsetY', css('top')],
  ['theme', oneOf('auto light dark')],
  ['locale', languageTag],
  ['launcherLabel', text(80)],
  ['open', flag],
  ['zIndex', integer],
  ['nonce', text(200)],
];

export const APP_OPTIONS: Readers = [
  ['title', text(80)],
  ['subtitle', text(120)],
  ['greeting', text(500)],
  ['prechat', prechatFields],
  ['consent', text(500)],
  ['sound', flag],
  ['notifications', flag],
  ['survey', flag],
  ['department', (value: string) => (/^[a-z0-9-]{1,40}$/.test(value) ? value : undefined)],
];

type Readers = [keyof WidgetOptions, Parse][];

export const DEFAULTS = { position: 'right', theme: 'auto', open: false };
export const APP_DEFAULTS = { prechat: [], sound: false, notifications: true };

/**
 * Reads options (the script tag's dataset, or mount()'s options as strings) over
 * `defaults`. A wrong value warns once in the console and falls back to its
 * default: the host page never breaks because of a typo in an attribute.
 *
 * `raw` and the result have no prototype (widget/no-prototype.ts): an option the
 * site did not set is missing, whatever the host page put on Object.prototype.
 */
export function readOptions(
  raw: Raw,
  /** Any readers: a lazy chunk reads its own options (app/theme/, app/teaser.ts) with them. */
  readers: [string, Parse][],
  base = '',
  defaults: object = {},
): Partial<WidgetOptions> {
  const options: Record<string, unknown> = Object.assign(Object.create(null), defaults);
  for (const [key, parse] of readers) {
    const value = raw[key]?.trim();
    if (!value) continue;
    const parsed = key === 'proxy' ? httpUrl(value, base) : parse(value);
    if (parsed !== undefined) options[key] = parsed;
    else {
      const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      console.warn(`Parley: data-${name}="${value}" is not valid; using the default.`);
    }
  }
  return options;
}

/** Everything, for tests and for mount(), which has the whole widget anyway. */
export function parseOptions(raw: Raw, base: string): WidgetOptions {
  return readOptions(raw, [...LOADER_OPTIONS, ...APP_OPTIONS], base, {
    proxy: new URL('/', base).href,
    ...DEFAULTS,
    ...APP_DEFAULTS,
  }) as WidgetOptions;
}

function httpUrl(value: string, base?: string): string | undefined {
  try {
    const url = new URL(value, base);
    return /^https?:$/.test(url.protocol) ? url.href.replace(/\/?$/, '/') : undefined;
  } catch {
    return undefined;
  }
}

/** `auto` is the empty tag: the browser's languages. */
function languageTag(value: string): string | undefined {
  if (value === 'auto') return '';
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}

function integer(value: string): number | undefined {
  return /^-?\d{1,9}$/.test(value) ? Number(value) : undefined;
}

function prechatFields(value: string): PrechatField[] | undefined {
  const fields: PrechatField[] = [];
  for (const item of value.split(',')) {
    const match = /^\s*(name|email|phone)(\*?)\s*$/.exec(item);
    if (!match || fields.some((field) => field.name === match[1])) return undefined;
    fields.push({ name: match[1] as PrechatFieldName, required: match[2] === '*' });
  }
  return fields;
}
