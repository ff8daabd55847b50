import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.js';

/** The soak script itself works: a 15-second run passes and prints its figures (npm run soak runs 10 min). */
it('runs the soak briefly and passes', () => {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(projectRoot, 'scripts', 'soak.ts'),
      '--minutes',
      '0.25',
      '--visitors',
      '5',
    ],
    { cwd: projectRoot, encoding: 'utf8', timeout: 90_000 },
  );
  console.log(run.stdout);
  expect(run.stdout).toContain('[PASS] soak');
  expect(run.stdout).toMatch(/rss\(MB\)/);
  expect(run.status).toBe(0);
}, 120_000);
