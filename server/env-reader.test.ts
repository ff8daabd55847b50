import { describe, expect, it } from 'vitest';
import { EnvReader, type Format } from './env-reader.js';

const EVEN: Format<number> = {
  parse: (raw) => (Number(raw) % 2 === 0 ? Number(raw) : undefined),
  expected: 'must be even',
  fallback: 2,
  unset: '2',
};

describe('the environment reader', () => {
  it('takes empty as unset, and marks the defaults it used in the summary', () => {
    const read = new EnvReader({ A: '  ', B: ' 7 ' });
    expect(read.string('A', 'x')).toBe('x');
    expect(read.integer('B', 1, 0, 9)).toBe(7);
    expect(read.as('C', EVEN)).toBe(2);
    expect(read.summary).toEqual([
      ['A', 'x (default)'],
      ['B', '7'],
      ['C', '2 (default)'],
    ]);
    expect(read.problems).toEqual([]);
  });

  it('refuses an empty value where empty is a mistake, and shows absences without "(default)"', () => {
    const read = new EnvReader({ H: '', K: ' ' });
    expect(read.nonEmpty('H', 'h', 'write something')).toBe('h');
    expect(read.nonEmpty('K', 'k', 'write something')).toBe('k');
    expect(read.nonEmpty('U', 'u', 'write something')).toBe('u');
    expect(read.string('S')).toBeUndefined();
    expect(read.list('L')).toEqual([]);
    expect(read.problems).toEqual(['H is empty: write something', 'K is empty: write something']);
    expect(read.summary).toEqual([
      ['H', '(empty)'],
      ['K', '(empty)'],
      ['U', 'u (default)'],
      ['S', '(unset)'],
      ['L', '(none)'],
    ]);
  });

  it('names every wrong value, list entries each, and keeps going with the defaults', () => {
    const read = new EnvReader({ N: 'ten', E: '3', L: 'a, bad, also-bad', S: 'redis://:pw@x/' });
    const word: Format<string, undefined> = {
      parse: () => undefined,
      expected: 'must be a word',
      fallback: undefined,
      unset: '(unset)',
      mayHoldSecret: true,
    };
    expect(read.integer('N', 5, 0, 9)).toBe(5);
    expect(read.as('E', EVEN)).toBe(2);
    read.list('L', [], {
      parse: (raw) => (raw === 'a' ? raw : undefined),
      expected: 'entries must be a',
    });
    expect(read.as('S', word)).toBeUndefined();
    expect(read.problems).toEqual([
      'N must be a whole number from 0 to 9, not "ten"',
      'E must be even, not "3"',
      'L entries must be a, not "bad"',
      'L entries must be a, not "also-bad"',
      'S must be a word',
    ]);
    expect(JSON.stringify(read.summary)).not.toContain('pw');
  });
});
