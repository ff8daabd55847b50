import { expect, it } from 'vitest';

/** The widget's own sources, as text. */
const sources = import.meta.glob<string>(['./**/*.ts', './**/*.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/**
 * protocol/ holds TypeBox schemas, which the proxy runs and the widget must not
 * carry: the widget takes only their types from it, so its bundles get none of it.
 */
it('imports nothing but types from protocol/', () => {
  const fromProtocol = /^(import|export)\b[^;]*?from '(?:\.\.\/)+protocol\/[^']+';/gms;
  const imports = Object.entries(sources).flatMap(([file, text]) =>
    [...text.matchAll(fromProtocol)].map(([statement]) => ({ file, statement })),
  );
  expect(imports.length).toBeGreaterThan(10);
  expect(imports.filter(({ statement }) => !/^(import|export) type\b/.test(statement))).toEqual([]);
});
