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

const vitestReport = join(reports, 'vitest.json');
const vitestOk = run('unit and integration tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
const vitest = readJson<{ numPassedTests: number; numFailedTests: number }>(vitestReport);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
}
if (!vitestOk && (!vitest || vitest.numFailedTests === 0)) failed++; // a crash, not a failed test

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
