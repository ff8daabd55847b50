import { describe, expect, it } from 'vitest';
import { parseExportArgs, ratingsCsv, UsageError } from './export-ratings.js';

describe('parley export-ratings: arguments', () => {
  it('takes --since as an ISO date or time, and csv or json', () => {
    expect(parseExportArgs(['--since', '2026-11-01'])).toEqual({
      since: '2026-11-01T00:00:00.000Z',
      format: 'csv',
    });
    expect(parseExportArgs(['--since=2026-11-01T09:30:00+02:00', '--format', 'json'])).toEqual({
      since: '2026-11-01T07:30:00.000Z',
      format: 'json',
    });
  });

  it('refuses what is not one, saying what is wrong', () => {
    const cases: [string[], RegExp][] = [
      [[], /--since/],
      [['--since', 'yesterday'], /ISO 8601/],
      [['--since', '2026-13-45'], /ISO 8601/],
      [['--since', '2026-11-01', '--format', 'xlsx'], /csv or json/],
      [['--since', '2026-11-01', '--all'], /unexpected/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseExportArgs(args)).toThrow(UsageError);
      expect(() => parseExportArgs(args)).toThrow(message);
    }
  });
});

describe('parley export-ratings: CSV', () => {
  const rating = (comment?: string) => ({
    conversationId: 'c1',
    createdAt: '2026-11-01T00:00:00.000Z',
    scale: 'stars' as const,
    score: 3,
    ...(comment === undefined ? {} : { comment }),
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(ratingsCsv([rating('fine, "mostly"\r\nthanks'), rating()])).toBe(
      'conversationId,createdAt,scale,score,comment\r\n' +
        'c1,2026-11-01T00:00:00.000Z,stars,3,"fine, ""mostly""\r\nthanks"\r\n' +
        'c1,2026-11-01T00:00:00.000Z,stars,3,\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const csv = ratingsCsv([rating(`${start}1+1`)]);
      const cell = csv.split('\r\n')[1]!.split(',stars,3,')[1]!;
      expect(cell.replace(/^"/, '')).toMatch(/^'/);
    }
    expect(ratingsCsv([rating('1+1 = 2')])).toContain(',1+1 = 2\r\n');
  });
});
