import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellBlocks, userShell } from '../support/doc-blocks.js';

/**
 * The docs cannot drift from the code: every shell block in them is run here,
 * run by a walkthrough test, or says why a CI machine cannot run it.
 */

const blocks = shellBlocks();

/** Test sources, where walkthrough ids must be used. */
function testSources(): string {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.(test|spec)\.ts$/.test(entry.name) ? [path] : [];
    });
  return [...walk('server'), ...walk('test'), ...walk('e2e')]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

describe('shell commands in the docs', () => {
  it('are all marked: run here, run by a walkthrough test, or not run with the reason', () => {
    expect(blocks.length).toBeGreaterThan(5);
    const unmarked = blocks.filter((block) => block.kind === 'unmarked');
    expect(
      unmarked.map((block) => `${block.file}:${block.line}`),
      'add <!-- ci: run -->, <!-- ci: walkthrough <id> --> or <!-- ci: not run: <why> --> before the fence',
    ).toEqual([]);
    for (const block of blocks.filter((b) => b.kind === 'not run')) {
      expect(block.detail.length, `${block.file}:${block.line} needs a reason`).toBeGreaterThan(10);
    }
  });

  it('each walkthrough block is run by a test', () => {
    const sources = testSources();
    for (const block of blocks.filter((b) => b.kind === 'walkthrough')) {
      expect(sources, `${block.file}:${block.line}`).toContain(`docBlock('${block.detail}')`);
    }
  });

  describe('run as written', () => {
    let shell: Awaited<ReturnType<typeof userShell>>;
    beforeAll(async () => {
      shell = await userShell();
    });
    afterAll(() => shell.close());

    for (const block of blocks.filter((b) => b.kind === 'run')) {
      it(`${block.file}:${block.line}`, async () => {
        const { status, output } = await shell.run(block.code);
        expect(status, output).toBe(0);
      }, 60_000);
    }
  });
});
