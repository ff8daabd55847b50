import { WIDGET_BUDGETS, widgetSizes } from './widget-size.js';

/** `npm run size`: fails when the built widget is over its gzipped budget; prints every lazy chunk. */
const sizes = widgetSizes();
const rows = [
  { name: 'loader (parley.js)', bytes: sizes.loader, budget: WIDGET_BUDGETS.loader },
  {
    name: `first open (${sizes.firstOpenFiles.join(', ')})`,
    bytes: sizes.firstOpen,
    budget: WIDGET_BUDGETS.firstOpen,
  },
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
// Fetched only when a message needs one (markdown, cards) or a locale asks for it.
for (const chunk of sizes.lazyChunks) {
  console.log(`lazy ${chunk.name} (${chunk.file}): ${kb(chunk.bytes)} gzipped`);
}
process.exit(over > 0 ? 1 : 0);
