import type { Rating } from '../../protocol/visitor-data.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { loadDotEnv } from '../env-reader.js';
import { openStore } from '../store/open-store.js';

/** `parley export-ratings --since <ISO date> [--format csv|json]`: the survey's answers. */

export const USAGE = `Usage: parley export-ratings --since <ISO date> [--format csv|json]

Prints the survey answers made at or after --since (e.g. 2026-11-01 or
2026-11-01T09:00:00Z), oldest first, from the proxy's store (DATA_DIR's SQLite
file, or REDIS_URL), as CSV (the default: conversationId, createdAt, scale,
score, comment) or as a JSON array. Ratings are kept MAX_EVENT_AGE_DAYS days.
Exit code 2 on a wrong argument, 78 on an invalid configuration.`;

export interface ExportArgs {
  since: string;
  format: 'csv' | 'json';
}

export class UsageError extends Error {}

/** The arguments, or a UsageError saying what is wrong. */
export function parseExportArgs(args: string[]): ExportArgs {
  let since: string | undefined;
  let format: ExportArgs['format'] = 'csv';
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i]!.split(/=(.*)/s, 2);
    const value = inline ?? args[++i];
    if (name === '--since') since = value;
    else if (name === '--format') {
      if (value !== 'csv' && value !== 'json') throw new UsageError('--format must be csv or json');
      format = value;
    } else throw new UsageError(`unexpected argument "${args[i]}"`);
  }
  if (!since) throw new UsageError('--since <ISO date> is required');
  const time = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(since)
    ? Date.parse(since)
    : Number.NaN;
  if (Number.isNaN(time)) throw new UsageError(`--since "${since}" is not an ISO 8601 date`);
  return { since: new Date(time).toISOString(), format };
}

const COLUMNS = ['conversationId', 'createdAt', 'scale', 'score', 'comment'] as const;

/** RFC 4180 CSV; a cell a spreadsheet would read as a formula is prefixed with `'`. */
export function ratingsCsv(ratings: Rating[]): string {
  const rows = ratings.map((rating) => COLUMNS.map((column) => cell(rating[column])));
  return `${[COLUMNS.join(','), ...rows.map((row) => row.join(','))].join('\r\n')}\r\n`;
}

function cell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export async function main(args: string[]) {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let parsed: ExportArgs;
  try {
    parsed = parseExportArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`parley export-ratings: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 78;
    return;
  }
  const { store } = await openStore(config);
  try {
    const ratings = await store.ratings.since(parsed.since);
    process.stdout.write(
      parsed.format === 'json' ? `${JSON.stringify(ratings, null, 2)}\n` : ratingsCsv(ratings),
    );
  } finally {
    await store.close();
  }
}
