import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * `npm run size`: the widget's weight budget, gzipped, after `npm run build:widget`.
 * The loader is what every page view pays; "first open" is everything the first
 * click fetches (the app entry and the chunks it imports; CSS is inlined in JS).
 */
const dist = 'dist/widget';
const BUDGETS = { loader: 2 * 1024, firstOpen: 24 * 1024 };

type Manifest = Record<string, { file: string; imports?: string[]; isEntry?: boolean }>;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;

function firstOpenFiles(): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry || files.has(entry.file)) return;
    files.add(entry.file);
    for (const imported of entry.imports ?? []) visit(imported);
  };
  visit('widget/app/app.tsx');
  return [...files];
}

const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const rows = [
  { name: 'loader (parley.js)', bytes: gz('parley.js'), budget: BUDGETS.loader },
  {
    name: `first open (${firstOpenFiles().join(', ')})`,
    bytes: firstOpenFiles().reduce((sum, file) => sum + gz(file), 0),
    budget: BUDGETS.firstOpen,
  },
];

let over = 0;
for (const row of rows) {
  const ok = row.bytes <= row.budget;
  if (!ok) over++;
  const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${row.name}: ${kb(row.bytes)} gzipped (budget ${kb(row.budget)})`,
  );
}
process.exit(over > 0 ? 1 : 0);
