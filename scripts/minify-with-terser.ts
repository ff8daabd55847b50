import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type MinifyOptions, minify } from 'terser';
import type { Plugin } from 'vite';

const terserVersion: string = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('terser/package.json'), 'utf8'),
).version;

/**
 * Minifies the widget's files (the app, its chunks, the loader) with terser, two
 * compress passes, over the bundler's minified output: the first open is ~250
 * bytes gzipped smaller than with the bundler's minifier alone (docs/decisions.md).
 * Vite's `minify: 'terser'` does not get there: in library mode it keeps every
 * `#__PURE__` annotation. File names are hashed before this step, so terser's
 * version and options join the hash: a name still stands for one content.
 */
export function minifyWithTerser({ module }: { module: boolean }): Plugin {
  const options: MinifyOptions = {
    module,
    ecma: 2020,
    compress: { passes: 2, ecma: 2020, unsafe_arrows: true },
  };
  return {
    name: 'parley-minify-with-terser',
    apply: 'build',
    enforce: 'post',
    augmentChunkHash: () => `terser ${terserVersion} ${JSON.stringify(options)}`,
    async generateBundle(_output, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const result = await minify(chunk.code, options);
        if (result.code) chunk.code = result.code;
      }
    },
  };
}
