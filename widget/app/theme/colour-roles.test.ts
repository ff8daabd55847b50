import { describe, expect, it } from 'vitest';
import {
  contrast,
  deriveRoles,
  parseRgb,
  type Rgb,
  THEME_BASE,
  type ThemeName,
} from './colour-roles.js';

/** Twelve accents a site might pick, from near-white to near-black, greys and saturated hues. */
const ACCENTS = [
  '#1f5fbf', // the default blue
  '#ffffff', // white
  '#fafad2', // very light yellow
  '#ffeb3b', // yellow
  '#00ffff', // cyan
  '#ff6f61', // coral
  '#e91e63', // pink
  '#4caf50', // mid green
  '#777777', // mid grey: black and white both barely pass on it
  '#6a1b9a', // purple
  '#0b1d2a', // very dark blue
  '#000000', // black
];

/** "#rrggbb" to numbers (the app reads the browser's computed rgb() instead: parseRgb). */
const parse = (value: string): Rgb =>
  [1, 3, 5].map((at) => Number.parseInt(value.slice(at, at + 2), 16)) as unknown as Rgb;

describe('deriveRoles', () => {
  for (const theme of ['light', 'dark'] as ThemeName[]) {
    for (const accent of ACCENTS) {
      it(`keeps every text role at 4.5:1 or more for ${accent} in the ${theme} theme`, () => {
        const roles = deriveRoles(parse(accent), theme);
        const { bg } = THEME_BASE[theme];
        const pairs: [string, string, Rgb][] = [
          ['onAccent on accent', roles.onAccent, parse(roles.accent)],
          ['accentText on bg', roles.accentText, bg],
          ['onAccentSoft on accentSoft', roles.onAccentSoft, parse(roles.accentSoft)],
        ];
        for (const [name, text, surface] of pairs) {
          expect(contrast(parse(text), surface), name).toBeGreaterThanOrEqual(4.5);
        }
      });
    }
  }

  it('keeps the site’s accent itself for surfaces', () => {
    expect(deriveRoles(parse('#e91e63'), 'light').accent).toBe('#e91e63');
  });

  it('moves a light accent darker to use it as text on white, and lighter on dark', () => {
    expect(deriveRoles(parse('#ffeb3b'), 'light').accentText).not.toBe('#ffeb3b');
    expect(deriveRoles(parse('#0b1d2a'), 'dark').accentText).not.toBe('#0b1d2a');
    // Already enough contrast: unchanged.
    expect(deriveRoles(parse('#0b1d2a'), 'light').accentText).toBe('#0b1d2a');
  });
});

describe('contrast', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21);
    expect(contrast([31, 95, 191], [31, 95, 191])).toBe(1);
  });
});

describe('parseRgb', () => {
  it('reads the browser’s computed rgb()', () => {
    expect(parseRgb('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseRgb('rgba(1, 2, 3, 1)')).toEqual([1, 2, 3]);
  });
  it('refuses see-through and anything else', () => {
    expect(parseRgb('rgba(0, 0, 0, 0)')).toBeUndefined();
    expect(parseRgb('oklch(0.5 0.1 20)')).toBeUndefined();
    expect(parseRgb('red')).toBeUndefined();
    expect(parseRgb('#1f5fbf')).toBeUndefined();
  });
});
