import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

/**
 * docs/configuration.md against server/config.ts: the same variables, the same
 * defaults. Every `| \`NAME\` | meaning | default | example |` row is a variable.
 */

const doc = readFileSync('docs/configuration.md', 'utf8');
const rows = new Map(
  [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` +\|([^|]*)\|([^|]*)\|([^|]*)\|?/gm)].map(
    ([, name, meaning, fallback, example]) => [
      name!,
      { meaning: meaning!.trim(), fallback: fallback!.trim(), example: example?.trim() ?? '' },
    ],
  ),
);

/** Every variable config.ts reads, those read only with 8x8 credentials included. */
const source = ['server/config.ts', 'server/hours-config.ts']
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
const read = new Set([...source.matchAll(/read\.\w+\(\s*'([A-Z][A-Z0-9_]+)'/g)].map(([, n]) => n!));

/** The defaults as the start-up summary prints them: production first, then the demo. */
const production = loadConfig({
  CC_API_KEY: 'key',
  CC_CHANNEL_ID: '25',
  CC_API: 'chat-api',
  CC_API_SECRET: 'secret',
  CC_TENANT_ID: 'tenant',
});
const defaults = new Map<string, string>();
for (const [name, value] of [...production.summary, ...loadConfig({}).summary]) {
  if (!defaults.has(name) && value.endsWith(' (default)')) {
    defaults.set(name, value.slice(0, -' (default)'.length));
  }
}

describe('docs/configuration.md', () => {
  it('has a row for every variable server/config.ts reads, and none it does not', () => {
    expect(read.size).toBeGreaterThan(30);
    expect([...rows.keys()].sort()).toEqual([...read].sort());
  });

  it('gives each default exactly as the proxy applies it', () => {
    for (const [name, row] of rows) {
      const fallback = defaults.get(name);
      const documented = /^`([^`]*)`/.exec(row.fallback)?.[1];
      if (fallback === undefined || /^\((unset|none)\b/.test(fallback)) {
        // No default value: the cell says what happens instead, in words.
        expect(documented, `${name} has no default, yet the docs give one`).toBeUndefined();
      } else {
        expect(documented, `default of ${name}`).toBe(fallback);
      }
    }
  });

  it('explains every variable and gives an example of each', () => {
    for (const [name, row] of rows) {
      expect(row.meaning.length, `meaning of ${name}`).toBeGreaterThan(10);
      expect(row.example, `example of ${name}`).toMatch(/`.+`/);
    }
  });
});
