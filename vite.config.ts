import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import { minifyWithTerser } from './scripts/minify-with-terser.js';
import { preactWithoutPrototype } from './scripts/preact-without-prototype.js';

/**
 * One config, four builds (`vite build --mode <name>`), plus the tests:
 * - app:     the Preact app, an ES module with a hashed name, loaded on first open,
 *            and one chunk per language other than English;
 * - loader:  parley.js, a classic IIFE script (the host page's <script async> tag);
 *            it learns the app's hashed name from the app build's manifest;
 * - module:  parley.mjs and its chunks, the ES module entry (mount()) for sites that
 *            bundle the widget, with its types (parley.d.ts);
 * - console: the simulator's agent console page, served at /agent.
 */

/** Preact's JSX runtime with prototype-free props (widget/jsx-runtime.ts says why). */
const jsxRuntime = fileURLToPath(new URL('widget/jsx-runtime.ts', import.meta.url));

const shared: UserConfig = {
  oxc: { jsx: { runtime: 'automatic', importSource: 'parley-jsx' } },
  resolve: {
    alias: {
      'parley-jsx/jsx-runtime': jsxRuntime,
      'parley-jsx/jsx-dev-runtime': jsxRuntime,
    },
  },
  plugins: [preactWithoutPrototype()],
  build: { target: 'es2022', reportCompressedSize: false },
};

/**
 * Language chunks are named locale-<tag>-<one hash of every language file> (and
 * locale-hours-<tag>-… for the business-hours words, locales/hours/): the app's import
 * map then repeats one hash, which gzip all but erases, where 26 different hashes cost
 * first open ~200 bytes. The files import nothing, so their sources decide their
 * content and the shared hash still changes when any does.
 */
function localeChunkName(): (chunk: { facadeModuleId: string | null }) => string {
  const hash = createHash('sha256');
  for (const folder of ['widget/app/locales/', 'widget/app/locales/hours/'])
    for (const file of readdirSync(folder).sort())
      if (file.endsWith('.ts')) hash.update(folder + file).update(readFileSync(folder + file));
  const shared = hash.digest('base64url').slice(0, 8);
  return (chunk) => {
    const found = /\/widget\/app\/locales\/(hours\/)?([\w-]+)\.ts$/.exec(
      chunk.facadeModuleId ?? '',
    );
    if (!found) return 'chunk-[hash].js';
    return `locale-${found[1] ? 'hours-' : ''}${found[2]}-${shared}.js`;
  };
}

function appBuild(): UserConfig {
  return {
    ...shared,
    plugins: [...(shared.plugins ?? []), minifyWithTerser({ module: true })],
    build: {
      ...shared.build,
      outDir: 'dist/widget',
      emptyOutDir: true,
      manifest: true,
      // Library mode: no <link rel=modulepreload> and no helper to write them (~1 KB gz of
      // first open). The widget must not add elements to the host page's head, and a lazy
      // chunk's imports are in the app already.
      lib: { entry: 'widget/app/app.tsx', formats: ['es'] },
      rolldownOptions: {
        // Lazy chunks import what they share with the app from the app itself: one first-open file.
        preserveEntrySignatures: 'allow-extension',
        output: {
          entryFileNames: 'app-[hash].js',
          chunkFileNames: localeChunkName(),
          // Library mode leaves minifying to the bundler (and then terser, above).
          minify: true,
        },
      },
    },
  };
}

function loaderBuild(): UserConfig {
  const manifest = JSON.parse(readFileSync('dist/widget/.vite/manifest.json', 'utf8')) as Record<
    string,
    { file: string; isEntry?: boolean }
  >;
  const app = manifest['widget/app/app.tsx'];
  if (!app) throw new Error('Build the app first: vite build --mode app');
  return {
    ...shared,
    plugins: [...(shared.plugins ?? []), minifyWithTerser({ module: false })],
    define: { __PARLEY_APP__: JSON.stringify(`widget/${app.file}`) },
    build: {
      ...shared.build,
      outDir: 'dist/widget',
      emptyOutDir: false,
      lib: {
        entry: 'widget/loader/loader.ts',
        formats: ['iife'],
        name: 'ParleyLoader',
        fileName: () => 'parley.js',
      },
    },
  };
}

function moduleBuild(): UserConfig {
  return {
    ...shared,
    build: {
      ...shared.build,
      outDir: 'dist/widget/module',
      emptyOutDir: true,
      lib: { entry: 'widget/module.ts', formats: ['es'], fileName: () => 'parley.mjs' },
      rolldownOptions: { output: { chunkFileNames: 'chunk-[hash].js' } },
    },
    plugins: [
      ...(shared.plugins ?? []),
      {
        name: 'parley-types',
        closeBundle() {
          mkdirSync('dist/widget/module', { recursive: true });
          copyFileSync('widget/parley.d.ts', 'dist/widget/module/parley.d.ts');
        },
      },
    ],
  };
}

function consoleBuild(): UserConfig {
  return {
    ...shared,
    root: 'server/simulator/console',
    base: '/agent/',
    build: { ...shared.build, outDir: '../../../dist/console', emptyOutDir: true },
  };
}

export default defineConfig(async ({ mode }) => {
  if (mode === 'app') return appBuild();
  if (mode === 'loader') return loaderBuild();
  if (mode === 'module') return moduleBuild();
  if (mode === 'console') return consoleBuild();
  // Loaded only for the tests: the builds need nothing of vitest.
  const { default: LongestFirst } = await import('./test/support/longest-first.js');
  return {
    ...shared,
    test: {
      // Many tests wait on real time (a restart, an outage, a retry's backoff): more
      // workers than cores lets those waits overlap (one worker per core left them in a row).
      maxWorkers: 4,
      // The longest files start first (measured list in the sequencer), so none is left alone at the end.
      sequence: { sequencer: LongestFirst },
      // A test that starts a process or a server (tsx compiling the CLI, say) takes seconds on a
      // busy machine: the default 5 s limit measured the machine, not the code. Speed targets live
      // in `npm run bench`.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      projects: [
        {
          extends: true,
          test: {
            name: 'server',
            // Unit tests beside the code, and the project-level suites (docs, whole processes).
            include: ['server/**/*.test.ts', 'test/docs/**/*.test.ts', 'test/system/**/*.test.ts'],
            environment: 'node',
          },
        },
        // The chaos scenarios and the security suite (docs/security.md): npm run test:chaos / test:security.
        {
          extends: true,
          test: { name: 'chaos', include: ['test/chaos/**/*.test.ts'], environment: 'node' },
        },
        {
          extends: true,
          test: {
            name: 'security',
            include: ['test/security/**/*.test.ts'],
            environment: 'node',
          },
        },
        {
          extends: true,
          test: {
            name: 'widget',
            include: ['widget/**/*.test.{ts,tsx}'],
            environment: 'jsdom',
            // One jsdom per worker, not per file: setting one up took ~3 s of CPU a file, two thirds
            // of the project's time (103 → 31 CPU s). widget/test-setup.ts gives each file a fresh page.
            isolate: false,
            setupFiles: ['widget/test-setup.ts'],
          },
        },
      ],
    },
  };
});
