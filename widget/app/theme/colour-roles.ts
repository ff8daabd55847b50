/**
 * The colour roles derived from the site's one accent colour, for each theme.
 * The app sets them as custom properties (apply-theme.ts); the contrast test
 * (colour-roles.test.ts) calls this same function, so what it proves is what ships.
 */
export type Rgb = readonly [number, number, number];
export type ThemeName = 'light' | 'dark';

export interface ColourRoles {
  /** Surfaces: header, launcher, the visitor's bubbles, primary buttons. */
  accent: string;
  /** Text and icons on `accent`: black or white, whichever contrasts more (always ≥ 4.58:1). */
  onAccent: string;
  /** The accent as text or ring on the panel: links, focus ring, chip icons (≥ 4.5:1 on bg). */
  accentText: string;
  /** A faint accent tint: chips and the teaser's edge. */
  accentSoft: string;
  /** Text on `accentSoft`. */
  onAccentSoft: string;
}

/** The panel's background and text in each theme (styles.css has the same values). */
export const THEME_BASE: Record<ThemeName, { bg: Rgb; fg: Rgb }> = {
  light: { bg: [255, 255, 255], fg: [27, 31, 36] },
  dark: { bg: [28, 33, 40], fg: [230, 237, 243] },
};

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];
const AA = 4.5;

export function deriveRoles(accent: Rgb, theme: ThemeName): ColourRoles {
  const { bg, fg } = THEME_BASE[theme];
  const away = theme === 'light' ? BLACK : WHITE;
  const soft = mix(accent, bg, 0.86);
  return {
    accent: hex(accent),
    onAccent: hex(contrast(BLACK, accent) > contrast(WHITE, accent) ? BLACK : WHITE),
    accentText: hex(reach(accent, away, bg)),
    accentSoft: hex(soft),
    onAccentSoft: hex(reach(fg, away, soft)),
  };
}

/** `from` moved toward `toward` in small steps until it contrasts 4.5:1 with `against`. */
function reach(from: Rgb, toward: Rgb, against: Rgb): Rgb {
  for (let step = 0; step <= 20; step++) {
    const colour = mix(from, toward, step / 20);
    if (contrast(colour, against) >= AA) return colour;
  }
  return toward;
}

/** `a` with `amount` (0–1) of `b` mixed in, rounded to whole sRGB values. */
export function mix(a: Rgb, b: Rgb, amount: number): Rgb {
  return a.map((value, i) => Math.round(value + (b[i]! - value) * amount)) as unknown as Rgb;
}

/** WCAG 2.2 relative luminance. */
export function luminance([r, g, b]: Rgb): number {
  const linear = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export function hex(rgb: Rgb): string {
  return `#${rgb.map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}

/** The browser's computed "rgb(r, g, b)"; undefined for anything else or see-through. */
export function parseRgb(value: string): Rgb | undefined {
  const rgb = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(value);
  if (!rgb || (rgb[4] !== undefined && Number(rgb[4]) < 1)) return undefined;
  return rgb.slice(1, 4).map(Number) as unknown as Rgb;
}
