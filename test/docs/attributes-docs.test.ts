import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_OPTIONS, LOADER_OPTIONS } from '../../widget/loader/options.js';

/**
 * The README's attribute table against what the widget reads: every `data-*`
 * attribute once, none the widget does not know. Chunks read some attributes
 * themselves from the raw strings (`bridge.raw.x`, or `readOptions(bridge.raw, [...])`).
 */

const readme = readFileSync('README.md', 'utf8');
const documented = [...readme.matchAll(/^\| `data-([a-z-]+)` +\|/gm)].map(([, name]) => name!);

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const readByChunks = sources('widget/app').flatMap((file) => {
  const code = readFileSync(file, 'utf8');
  const direct = [...code.matchAll(/bridge\.raw\.(\w+)/g)].map(([, name]) => name!);
  const listed = [...code.matchAll(/readOptions\(bridge\.raw, \[([\s\S]*?)\]\)/g)].flatMap(
    ([, list]) => [...list!.matchAll(/\['(\w+)'/g)].map(([, name]) => name!),
  );
  return [...direct, ...listed];
});

const read = new Set(
  [...LOADER_OPTIONS, ...APP_OPTIONS].map(([name]) => name as string).concat(readByChunks),
);

describe("the README's data-* attributes", () => {
  it('lists each attribute once', () => {
    const twice = documented.filter((name, index) => documented.indexOf(name) !== index);
    expect(twice).toEqual([]);
  });

  it('lists every attribute the widget reads, and no other', () => {
    expect(new Set(documented)).toEqual(new Set([...read].map(kebab)));
  });
});
