import { existsSync } from 'node:fs';

/** Environment variables: process.env, or a test's own. */
export type Env = Record<string, string | undefined>;

/** ./.env, when there is one, under the variables already in the environment (those win). */
export function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

/** Text in a format of the caller's: `parse` gives its value, or undefined when it is wrong. */
export interface Parser<T> {
  parse(raw: string): T | undefined;
  /** What a wrong value should be, after the variable's name: "must look like 20/1m". */
  expected: string;
}

/** A variable in a format of the caller's, with its default (which may be no value). */
export interface Format<T, Default = T> extends Parser<T> {
  fallback: Default;
  /** How the summary shows the default. */
  unset: string;
  /** How the summary shows a good value, when not as written (a password masked). */
  show?(value: T): string;
  /** The text may hold a password: a wrong value is neither quoted nor shown. */
  mayHoldSecret?: boolean;
}

/**
 * Reads variables from an environment, each as trimmed text (empty is unset,
 * unless the variable says otherwise: see `nonEmpty`) parsed to its type. A wrong
 * value adds one line to `problems` saying what it should be, and the default
 * stands in, so every wrong value is named at once. Every variable read is noted
 * in `summary` as the proxy prints it at start: secrets masked, defaults marked.
 */
export class EnvReader {
  readonly problems: string[] = [];
  readonly summary: [name: string, value: string][] = [];

  constructor(readonly env: Env) {}

  #raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** `shown` in parentheses, such as "(unset)" or "(none)", says itself that no value is set. */
  #note(name: string, raw: string | undefined, shown: string) {
    if (this.summary.some(([seen]) => seen === name)) return;
    const isDefault = raw === undefined && !shown.startsWith('(');
    this.summary.push([name, isDefault ? `${shown} (default)` : shown]);
  }

  #wrong(name: string, expected: string, raw: string | undefined) {
    this.problems.push(`${name} ${expected}, not "${raw}"`);
  }

  string(name: string): string | undefined;
  string(name: string, fallback: string): string;
  string(name: string, fallback?: string): string | undefined {
    const raw = this.#raw(name);
    this.#note(name, raw, raw ?? fallback ?? '(unset)');
    return raw ?? fallback;
  }

  /**
   * Text where an empty value is a mistake, not "the default": `HOST=` in a file
   * was meant to say something. `instead` tells what to write instead.
   */
  nonEmpty(name: string, fallback: string, instead: string): string {
    if (this.env[name]?.trim() !== '') return this.string(name, fallback);
    this.problems.push(`${name} is empty: ${instead}`);
    this.#note(name, '', '(empty)');
    return fallback;
  }

  /** A value that must never be printed: the summary says only whether it is set. */
  secret(name: string): string | undefined {
    const raw = this.#raw(name);
    this.summary.push([name, raw === undefined ? '(unset)' : `(set, ${raw.length} characters)`]);
    return raw;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.#raw(name);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.#wrong(name, `must be a whole number from ${min} to ${max}`, raw);
      this.#note(name, raw, String(raw));
      return fallback;
    }
    this.#note(name, raw, String(value));
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.#raw(name);
    this.#note(name, raw, raw ?? fallback);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.#wrong(name, `must be one of ${allowed.join(', ')}`, raw);
    return fallback;
  }

  /** An http(s) URL, without its trailing slashes. */
  url(name: string): string | undefined;
  url(name: string, fallback: string): string;
  url(name: string, fallback?: string): string | undefined {
    const raw = this.#raw(name);
    this.#note(name, raw, raw ?? fallback ?? '(unset)');
    if (raw === undefined) return fallback;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw.replace(/\/+$/, '');
    } catch {}
    this.#wrong(name, 'must be an http(s) URL', raw);
    return fallback;
  }

  /** Comma-separated; each entry read by `entry`, when given (one problem per wrong entry). */
  list(name: string, fallback: string[] = [], entry?: Parser<string>): string[] {
    const raw = this.#raw(name);
    const items =
      raw === undefined
        ? fallback
        : raw
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean);
    this.#note(name, raw, items.length > 0 ? items.join(',') : '(none)');
    if (!entry) return items;
    return items.map((item) => {
      const value = entry.parse(item);
      if (value === undefined) this.#wrong(name, entry.expected, item);
      return value ?? item;
    });
  }

  /** A variable in a format of the caller's (a rate, a Redis URL). */
  as<T, Default>(name: string, format: Format<T, Default>): T | Default {
    const raw = this.#raw(name);
    if (raw === undefined) {
      this.#note(name, raw, format.unset);
      return format.fallback;
    }
    const value = format.parse(raw);
    if (value === undefined) {
      if (format.mayHoldSecret) {
        this.#note(name, raw, '(invalid)');
        this.problems.push(`${name} ${format.expected}`);
      } else {
        this.#note(name, raw, raw);
        this.#wrong(name, format.expected, raw);
      }
      return format.fallback;
    }
    this.#note(name, raw, format.show ? format.show(value) : raw);
    return value;
  }
}
