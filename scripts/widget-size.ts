import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The widget's weight budgets, gzipped: what `npm run size` enforces and `npm run bench` reports. */
export const WIDGET_BUDGETS = { loader: 2 * 1024, firstOpen: 24 * 1024, locale: 2 * 1024 };

export interface WidgetSizes {
  /** The loader: what every page view pays. */
  loader: number;
  /** Everything the first click fetches: the app entry and the chunks it imports (CSS is in JS). */
  firstOpen: number;
  firstOpenFiles: string[];
  /** Each language but English: what the first click adds in that language. */
  locales: Record<string, number>;
  /**
   * Each language's second chunk (locales/hours/): the words of business hours, fetched
   * with the closed panel, the department picker or the transcript email; same budget.
   */
  hoursLocales: Record<string, number>;
  /**
   * Every other chunk, fetched only when needed (formatted text, cards, the survey…):
   * its own bytes, and with what it imports that the first open has not fetched.
   */
  lazyChunks: { name: string; file: string; bytes: number; withImports: number }[];
}

type Manifest = Record<string, { file: string; name?: string; imports?: string[]; src?: string }>;

const LOCALE_FILE = /^widget\/app\/locales\/([\w-]+)\.ts$/;
const HOURS_LOCALE_FILE = /^widget\/app\/locales\/hours\/([\w-]+)\.ts$/;

/** Measures the built widget (after `npm run build:widget`). */
export function widgetSizes(dist = 'dist/widget'): WidgetSizes {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;
  const files = new Set<string>();
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry || files.has(entry.file)) return;
    files.add(entry.file);
    for (const imported of entry.imports ?? []) visit(imported);
  };
  visit('widget/app/app.tsx');
  const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  /** The files a chunk brings that the first open did not: itself and its imports, once each. */
  const brings = (key: string, seen = new Set<string>()): Set<string> => {
    const entry = manifest[key];
    if (!entry || files.has(entry.file) || seen.has(entry.file)) return seen;
    seen.add(entry.file);
    for (const imported of entry.imports ?? []) brings(imported, seen);
    return seen;
  };
  const localeSizes = (file: RegExp): Record<string, number> =>
    Object.fromEntries(
      Object.entries(manifest).flatMap(([key, entry]) => {
        const locale = file.exec(key)?.[1];
        return locale ? [[locale, gz(entry.file)]] : [];
      }),
    );
  return {
    loader: gz('parley.js'),
    firstOpen: [...files].reduce((sum, file) => sum + gz(file), 0),
    firstOpenFiles: [...files],
    locales: localeSizes(LOCALE_FILE),
    hoursLocales: localeSizes(HOURS_LOCALE_FILE),
    lazyChunks: Object.entries(manifest)
      .filter(([, entry]) => entry.file.endsWith('.js') && !files.has(entry.file))
      .filter(([key]) => !LOCALE_FILE.test(key) && !HOURS_LOCALE_FILE.test(key))
      .map(([key, entry]) => ({
        name: entry.src ?? entry.name ?? entry.file,
        file: entry.file,
        bytes: gz(entry.file),
        withImports: [...brings(key)].reduce((sum, file) => sum + gz(file), 0),
      })),
  };
}
