import type { LoaderBridge } from '../../loader/bridge.js';
import { readOptions } from '../../loader/options.js';
import { deriveRoles, parseRgb, type ThemeName } from './colour-roles.js';
import { colour, fontFamily, radius } from './owner-options.js';

/**
 * Sets the owner's theme (data-accent, data-radius, data-font) and the colour
 * roles derived from the accent for the theme in effect, as custom properties on
 * the host. A rule the page sets on [data-parley] still wins over all of them.
 * Its own chunk, loaded as the app starts: until it lands (a moment, once) the
 * stylesheet's defaults apply, which meet AA on their own.
 */
export function applyTheme(bridge: LoaderBridge, theme: ThemeName) {
  const { vars, launcher } = bridge;
  const owner = readOptions(bridge.raw, [
    ['accent', colour],
    ['radius', radius],
    ['font', fontFamily],
  ]) as { accent?: string; radius?: string; font?: string };
  // The loader took any colour CSS.supports takes (var(), inherit…); the design wants a plain one.
  if (bridge.raw.accent && !owner.accent) vars.removeProperty('--parley-accent');
  if (owner.radius) vars.setProperty('--parley-radius', owner.radius);
  if (owner.font) vars.setProperty('--parley-font', owner.font);
  // The launcher shows the accent in effect, a page's own --parley-accent included.
  const accent = parseRgb(getComputedStyle(launcher).backgroundColor) ?? [31, 95, 191];
  const roles = deriveRoles(accent, theme);
  vars.setProperty('--parley-on-accent', roles.onAccent);
  vars.setProperty('--parley-accent-text', roles.accentText);
  vars.setProperty('--parley-accent-soft', roles.accentSoft);
  vars.setProperty('--parley-on-accent-soft', roles.onAccentSoft);
}
