import { describe, expect, it } from 'vitest';
import { firstWords } from './first-words.js';

describe('firstWords', () => {
  it('keeps a short message whole and cuts a long one to its first words', () => {
    expect(firstWords('  Hello   there ')).toBe('Hello there');
    expect(firstWords('one two three four five six seven eight nine ten')).toBe(
      'one two three four five six seven eight…',
    );
  });

  it('cuts a long run of characters too: never more than a line', () => {
    const cut = firstWords(`account ${'9'.repeat(200)}`);
    expect(cut.length).toBeLessThanOrEqual(61);
    expect(cut.endsWith('…')).toBe(true);
  });
});
