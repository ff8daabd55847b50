import { WIDGET_BUDGETS, widgetSizes } from './widget-size.js';

/** `npm run size`: fails when the built widget is over its gzipped budget; prints every chunk. */
const sizes = widgetSizes();
const rows = [
  { name: 'loader (parley.js)', bytes: sizes.loader, budget: WIDGET_BUDGETS.loader },
  {
    name: `first open (${sizes.firstOpenFiles.join(', ')})`,
    bytes: sizes.firstOpen,
    budget: WIDGET_BUDGETS.firstOpen,
  },
  ...Object.entries(sizes.locales).map(([locale, bytes]) => ({
    name: `language ${locale}, its own chunk`,
    bytes,
    budget: WIDGET_BUDGETS.locale,
  })),
  ...Object.entries(sizes.hoursLocales).map(([locale, bytes]) => ({
    name: `language ${locale}, business-hours words`,
    bytes,
    budget: WIDGET_BUDGETS.locale,
  })),
];

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
let over = 0;
for (const row of rows) {
  const ok = row.bytes <= row.budget;
  if (!ok) over++;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${row.name}: ${kb(row.bytes)} gzipped (budget ${kb(row.budget)})`,
  );
}
// The rest is fetched only when needed: formatted text, cards, the survey, the pre-chat form…
for (const chunk of sizes.lazyChunks) {
  console.log(
    `lazy ${chunk.name} (${chunk.file}): ${kb(chunk.bytes)} gzipped, ${kb(chunk.withImports)} with its imports`,
  );
}
process.exit(over > 0 ? 1 : 0);
