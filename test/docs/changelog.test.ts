import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/** CHANGELOG.md follows Keep a Changelog, and its latest release is package.json's version. */
it('the changelog has an Unreleased section, then the current version, with links for both', () => {
  const changelog = readFileSync('CHANGELOG.md', 'utf8');
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  expect(version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  const releases = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)];
  expect(releases[0]?.[1]).toBe('Unreleased');
  expect(releases[1]?.[1]).toBe(version);
  expect(releases[1]?.[2]).toBeDefined();
  for (const [, name] of releases)
    expect(changelog).toMatch(new RegExp(`^\\[${name}\\]: \\S+$`, 'm'));
  const kinds = [...changelog.matchAll(/^### (.+)$/gm)].map(([, kind]) => kind);
  for (const kind of kinds) {
    expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(kind);
  }
});
