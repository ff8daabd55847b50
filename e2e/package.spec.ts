import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'vite';
import { servingFolder } from './example-site.js';
import { expect, widget, write } from './widget-fixtures.js';

/**
 * The package as a user gets it: `npm pack`, installed from the tarball into a
 * scratch project by `npm ci` against a lockfile made from this repository's own
 * (so the install needs no registry metadata, only the tarballs the repository's
 * install used; see packageLock below), then its `parley` command, its tag script
 * and its ES module (bundled by vite from examples/spa) each used for real. One
 * worker, one install.
 */
const worktree = resolve('.');
let scratch = '';
let installed = '';

const test = servingFolder(() => scratch);

test.describe.configure({ mode: 'default' });

function npm(args: string[], cwd: string) {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  if (!existsSync('dist/server/cli/parley.js') || !existsSync('dist/widget/parley.js')) {
    throw new Error('Build first: npm run build (npm test does).');
  }
  scratch = mkdtempSync(join(tmpdir(), 'parley-pack-'));
  // The build is already there (npm test builds first): pack it as it is.
  const packed = JSON.parse(
    npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], worktree),
  ) as { filename: string; files: { path: string }[] }[];
  const tarball = join(scratch, packed[0]!.filename);
  writeFileSync(
    join(scratch, 'files.json'),
    JSON.stringify(packed[0]!.files.map((file) => file.path)),
  );

  // A user's project: the SPA example, depending on the tarball instead of the registry.
  cpSync(join(worktree, 'examples/spa'), scratch, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(scratch, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies?: Record<string, string>;
    overrides?: Record<string, string>;
  };
  manifest.dependencies.parley = `file:${basename(tarball)}`;
  delete manifest.devDependencies; // vite and tsc come from this repository's node_modules
  // A dependency's `overrides` do not reach the project installing it: a user on Node 20
  // adds the same pins (docs/deployment.md) to keep the Node 22-only majors out.
  manifest.overrides = (
    JSON.parse(readFileSync(join(worktree, 'package.json'), 'utf8')) as {
      overrides: Record<string, string>;
    }
  ).overrides;
  writeFileSync(join(scratch, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(scratch, 'package-lock.json'),
    JSON.stringify(packageLock(manifest, tarball), null, 2),
  );
  // A lockfile install resolves nothing: it fetches the locked tarballs (from the npm
  // cache when this machine's own install put them there, else from the registry).
  npm(['ci', '--prefer-offline', '--ignore-scripts'], scratch);
  installed = join(scratch, 'node_modules/parley');
  // better-sqlite3's native addon is compiled by its install script; reuse this
  // machine's build (same version) rather than compile it again for the test.
  cpSync(
    join(worktree, 'node_modules/better-sqlite3/build'),
    join(scratch, 'node_modules/better-sqlite3/build'),
    { recursive: true },
  );
});

/**
 * The scratch project's lockfile: the tarball as `parley`, and every package the
 * repository's lockfile holds for production (not `dev`), exactly as locked there.
 * Only what `dependencies` pull in is installed, so a dependency missing from
 * package.json fails the install's users here too.
 */
function packageLock(manifest: { dependencies: Record<string, string> }, tarball: string) {
  type Locked = { dev?: boolean; [field: string]: unknown };
  const repoLock = JSON.parse(readFileSync(join(worktree, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, Locked>;
  };
  const own = JSON.parse(readFileSync(join(worktree, 'package.json'), 'utf8')) as Locked;
  const packages: Record<string, Locked> = {
    '': { name: 'scratch', dependencies: manifest.dependencies },
    'node_modules/parley': {
      version: own.version,
      resolved: `file:${basename(tarball)}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: own.license,
      dependencies: own.dependencies,
      bin: own.bin,
      engines: own.engines,
    },
  };
  for (const [path, locked] of Object.entries(repoLock.packages)) {
    if (path.startsWith('node_modules/') && !locked.dev) packages[path] = locked;
  }
  return { name: 'scratch', lockfileVersion: 3, requires: true, packages };
}

test.afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the tarball holds the command, the widget, its types and the docs; no sources or tests', () => {
  const files = JSON.parse(readFileSync(join(scratch, 'files.json'), 'utf8')) as string[];
  for (const file of [
    'package.json',
    'dist/server/cli/parley.js',
    'dist/server/main.js',
    'dist/widget/parley.js',
    'dist/widget/module/parley.mjs',
    'dist/widget/module/parley.d.ts',
    'dist/console/index.html',
    'index.html',
    'docs/configuration.md',
    'docs/openapi.json',
    'examples/spa/src/main.ts',
    'CHANGELOG.md',
  ]) {
    expect(files, file).toContain(file);
  }
  const unwanted = files.filter((file) =>
    /^(server|widget|e2e|test|scripts)\/|\.test\.|\.vite\/|\.map$/.test(file),
  );
  expect(unwanted).toEqual([]);
  // No shipped module imports a test library (test code compiled into dist/ would).
  const testLibrary =
    /\b(?:from|import)\s*\(?\s*['"](?:vitest|@vitest\/[^'"]*|@playwright\/test|playwright(?:-core)?|fast-check|@testing-library\/[^'"]*|jsdom|@axe-core\/[^'"]*)['"]/;
  const importing = files.filter(
    (file) =>
      /\.(m?js|d\.ts)$/.test(file) && testLibrary.test(readFileSync(join(installed, file), 'utf8')),
  );
  expect(importing).toEqual([]);
});

test('the installed `parley` command: help, check-config, and start serving the demo', async ({
  page,
}) => {
  const bin = join(scratch, 'node_modules/.bin/parley');
  const env = { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1' };
  expect(execFileSync(bin, ['--help'], { cwd: scratch, env, encoding: 'utf8' })).toContain(
    'check-config',
  );
  const version = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;
  expect(execFileSync(bin, ['--version'], { cwd: scratch, env, encoding: 'utf8' }).trim()).toBe(
    version,
  );
  writeFileSync(join(scratch, '.env'), 'PORT=not-a-port\n');
  let failure: { status: number; stderr: string } | undefined;
  try {
    execFileSync(bin, ['check-config'], { cwd: scratch, env, stdio: 'pipe' });
  } catch (error) {
    failure = {
      ...(error as { status: number }),
      stderr: String((error as { stderr: Buffer }).stderr),
    };
  }
  expect(failure?.status).toBe(78);
  expect(failure?.stderr).toContain('PORT must be a whole number');
  rmSync(join(scratch, '.env'));

  // `parley start`, from the installed package: the demo page embeds the
  // installed tag script; a visitor's message reaches the (simulated) 8x8.
  const child: ChildProcess = spawn(bin, ['start'], {
    cwd: scratch,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(scratch, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let printed = '';
    child.stdout?.on('data', (chunk) => {
      printed += chunk;
    });
    await expect.poll(() => /Visitor .*?(http:\/\/\S+)\//.exec(printed)?.[1]).toBeTruthy();
    const url = /Visitor .*?(http:\/\/\S+)\//.exec(printed)![1]!;
    const served = await (await fetch(`${url}/parley.js`)).text();
    expect(served).toBe(readFileSync(join(installed, 'dist/widget/parley.js'), 'utf8'));
    await page.goto(`${url}/`);
    const { launcher, log, message } = widget(page);
    await launcher.click();
    await write(message, 'Hello from the installed package');
    await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  } finally {
    child.kill('SIGTERM');
  }
});

test('the tag script, resolved as `parley/parley.js`, embeds the widget on a page of its own', async ({
  page,
  site,
  parley,
  agent,
}) => {
  const script = createRequire(join(scratch, 'package.json')).resolve('parley/parley.js');
  expect(script).toBe(join(installed, 'dist/widget/parley.js'));
  cpSync(script, join(scratch, 'vendor/parley.js'));
  writeFileSync(
    join(scratch, 'tag.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tag</title></head>
<body><h1>Self-hosted loader</h1>
<script async src="/vendor/parley.js" data-proxy="${parley.url}" data-title="From the package"></script>
</body></html>`,
  );
  await page.goto(`${site.origin}/tag.html`);
  const { launcher, log, message } = widget(page);
  await launcher.click();
  await expect(widget(page).panel.getByRole('heading', { name: 'From the package' })).toBeVisible();
  await write(message, 'Hi from the packaged tag');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  await agent.accept();
  await agent.say('Hello from the agent');
  await expect(log.getByText('Hello from the agent')).toBeVisible();
});

test('examples/spa: type-checks against the packaged types, bundles `parley/widget` with vite, and chats', async ({
  page,
  site,
  agent,
}) => {
  // The types come through the package's `exports`: tsc resolves `parley/widget` to them.
  execFileSync(process.execPath, [join(worktree, 'node_modules/typescript/bin/tsc'), '-p', '.'], {
    cwd: scratch,
    stdio: 'pipe',
  });
  await build({
    root: scratch,
    logLevel: 'warn',
    configFile: false,
    base: './', // served under /dist/ here
    build: { outDir: join(scratch, 'dist'), emptyOutDir: true },
  });
  const bundled = readFileSync(join(scratch, 'dist/index.html'), 'utf8');
  expect(bundled).not.toContain('/src/main.ts');

  await page.goto(`${site.origin}/dist/#/orders`);
  await expect(page.getByText('Order 1042: shipped.')).toBeVisible();
  const { launcher, panel, log, message } = widget(page);
  await expect(launcher).toBeVisible();
  // Moving between the app's views keeps the one widget.
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByText('Welcome back.')).toBeVisible();
  await page.getByRole('link', { name: 'Orders' }).click();
  await expect(page.locator('[data-parley]')).toHaveCount(1);
  // The app's own button opens it, through the API mount() returned.
  await page.getByRole('button', { name: 'Contact support' }).click();
  await expect(panel.getByRole('heading', { name: 'Northwind support' })).toBeVisible();
  await write(message, 'Where is order 1043?');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  const conversation = await agent.conversation();
  expect(JSON.stringify(conversation.user)).toContain('/orders');
  await agent.accept();
  // Closed panel: the agent's reply shows as the app's unread badge (the `unread` event).
  await panel.getByRole('button', { name: /close chat/i }).click();
  await agent.say('It ships tomorrow.');
  await expect(page.locator('#unread')).toHaveText('(1)');
});
