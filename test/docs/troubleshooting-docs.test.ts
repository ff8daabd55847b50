import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/**
 * docs/troubleshooting.md lists every problem title the proxy can answer, and
 * only those: a new error without an explanation there fails this test.
 */
it('docs/troubleshooting.md explains every problem the proxy answers', () => {
  const sources = readdirSync('server/http')
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => readFileSync(join('server/http', file), 'utf8'))
    .join('\n');
  const titles = new Set([
    ...[...sources.matchAll(/sendProblem\(\s*reply,\s*[^,]+,\s*'([^']+)'/g)].map(([, t]) => t!),
    ...[...sources.matchAll(/(?:case \d+|default):\s*return '([^']+)'/g)].map(([, t]) => t!),
    // The webhook's answers, made once for both HTTP layers (webhook-answer.ts).
    ...[...sources.matchAll(/\bproblem\(\s*\d{3},\s*'([^']+)'/g)].map(([, t]) => t!),
    ...[...sources.matchAll(/^\s*title: '([^']+)',$/gm)].map(([, t]) => t!),
  ]);
  expect(titles.size).toBeGreaterThan(15);
  const doc = readFileSync('docs/troubleshooting.md', 'utf8');
  const documented = new Set(
    [...doc.matchAll(/^\|\s*(?:\d{3}|\dxx)\s*\|\s*`([^`]+)`\s*\|/gm)].map(([, title]) => title!),
  );
  expect([...documented].sort()).toEqual([...titles].sort());
});
