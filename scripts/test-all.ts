import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm test`: every check, in order, and one last line `N passed, M failed`.
 * Lint, type check and the size budget count as one test each; unit,
 * integration and Playwright tests count one by one.
 */

const reports = mkdtempSync(join(tmpdir(), 'parley-test-'));
let passed = 0;
let failed = 0;

function run(title: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(title: string, command: string, args: string[]) {
  if (run(title, command, args)) passed++;
  else {
    failed++;
    console.log(`--- ${title} FAILED`);
  }
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

check('lint and format', 'npx', ['biome', 'ci', '.']);
check('type check', 'npm', ['run', '-s', 'typecheck']);
check('widget build and size budget', 'npm', ['run', '-s', 'size']);
check('server build (what npm start runs)', 'npm', ['run', '-s', 'build:server']);

/** One vitest run of the given projects, its tests counted one by one. */
function vitestRun(title: string, name: string, projects: string[]) {
  const report = join(reports, `${name}.json`);
  const ok = run(title, 'npx', [
    'vitest',
    'run',
    ...projects.flatMap((project) => ['--project', project]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  const counts = readJson<{ numPassedTests: number; numFailedTests: number }>(report);
  if (counts) {
    passed += counts.numPassedTests;
    failed += counts.numFailedTests;
  }
  if (!ok && (!counts || counts.numFailedTests === 0)) failed++; // a crash, not a failed test
}

// One run of every vitest project, so that the tests which wait on real time (restarts,
// outages, retries) overlap with the others: unit and integration tests, and, from
// docs/security.md, the faults (8x8 down, webhooks misdelivered, SIGKILL, offline, disk
// full, soak smoke) and attacks (fuzzing, signatures, tokens, origins, slow clients,
// secrets). Their Chromium parts (e2e/chaos, e2e/security) run with the end-to-end tests.
vitestRun('unit, integration, chaos and security tests', 'vitest', [
  'server',
  'widget',
  'chaos',
  'security',
]);

const playwrightReport = join(reports, 'playwright.json');
const playwrightOk = run('end-to-end tests in Chromium', 'npx', ['playwright', 'test'], {
  PARLEY_PW_REPORT: playwrightReport,
});
const playwright = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(
  playwrightReport,
);
if (playwright) {
  passed += playwright.stats.expected;
  failed += playwright.stats.unexpected + playwright.stats.flaky;
}
if (!playwrightOk && (!playwright || playwright.stats.unexpected === 0)) failed++;

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
