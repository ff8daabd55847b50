import { describe, expect, it } from 'vitest';
import { colour, fontFamily, radius, seconds } from './owner-options.js';

/** What an attacker (or a careless copy-paste) might put in an attribute. */
const HOSTILE = [
  'red; background: url(https://evil.example/x)',
  'red}:host{display:none',
  'url(https://evil.example/x)',
  'var(--page-secret)',
  'expression(alert(1))',
  '"Inter"; } * { display: none',
  "Inter', x: url(y)",
  'red</style><script>alert(1)</script>',
  'calc(1px + 1px)',
  'inherit',
  '\\72 ed',
  'a'.repeat(400),
  '',
];

describe('owner options', () => {
  it('refuse every hostile value', () => {
    for (const value of HOSTILE) {
      expect(colour(value), value).toBeUndefined();
      expect(radius(value), value).toBeUndefined();
      expect(fontFamily(value), value).toBeUndefined();
    }
  });

  it('read colours', () => {
    for (const value of [
      '#0b6e4f',
      '#abc',
      '#0b6e4fcc',
      'rebeccapurple',
      'rgb(10, 20, 30)',
      'hsl(200 50% 40%)',
    ]) {
      expect(colour(value)).toBe(value);
    }
    expect(colour('transparent')).toBeUndefined();
    expect(colour('#12')).toBeUndefined();
  });

  it('read a radius up to 40px', () => {
    expect(radius('0')).toBe('0');
    expect(radius('16px')).toBe('16px');
    expect(radius('1.5rem')).toBe('1.5rem');
    expect(radius('41px')).toBeUndefined();
    expect(radius('3rem')).toBeUndefined();
    expect(radius('12')).toBeUndefined();
    expect(radius('-4px')).toBeUndefined();
  });

  it('read a font-family list', () => {
    expect(fontFamily('"Inter", system-ui, sans-serif')).toBe('"Inter", system-ui, sans-serif');
    expect(fontFamily("'Open Sans',Arial")).toBe("'Open Sans',Arial");
    expect(fontFamily('Helvetica Neue')).toBe('Helvetica Neue');
    expect(fontFamily('Inter,')).toBeUndefined();
  });

  it('read the teaser delay in seconds', () => {
    expect(seconds('0')).toBe(0);
    expect(seconds('3')).toBe(3);
    expect(seconds('2.5')).toBe(2.5);
    for (const value of ['-1', '601', '1e3', '3s', 'soon', '0x10'])
      expect(seconds(value)).toBeUndefined();
  });
});
