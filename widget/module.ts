import { boot } from './loader/boot.js';
import type { AppModule } from './loader/bridge.js';
import { parseOptions } from './loader/options.js';
import type { ParleyApi, ParleyOptions } from './parley.js';

export type * from './parley.js';

/**
 * The ES module entry, for sites that bundle the widget: the same launcher and
 * lazily loaded app as the script tag, configured by an object instead of data-*
 * attributes, and no global (the API is returned).
 */
export function mount(options: ParleyOptions & { target?: HTMLElement }): ParleyApi {
  const { target = document.body, ...rest } = options;
  const raw: Record<string, string | undefined> = Object.create(null);
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined && value !== null) raw[key] = String(value);
  }
  // `raw` as well: the loader reads data-teaser-delay from it to bring the app for the teaser.
  return boot(parseOptions(raw, location.href), raw, target, () =>
    import('./app/app.js').then((app): AppModule => app),
  );
}
