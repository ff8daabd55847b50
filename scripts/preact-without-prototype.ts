import type { Plugin } from 'vite';

/**
 * A build step for the widget's copy of Preact. Preact stands for "no old element" with one
 * shared empty object, and reads the old element's ref, props and handlers from it; an
 * object literal has Object.prototype, so a property the host page put there
 * (`Object.prototype.ref = …`, `.onClick`, `.value`) read as an old ref to detach, a handler
 * already attached, a value to keep: the panel stayed blank or dead. Made without a
 * prototype, the empty object is empty whatever the page does (widget/no-prototype.ts).
 *
 * Preact's build names it with one letter, right after its vnode marker; if a new Preact
 * writes it differently, the build fails here rather than ship the widget unprotected.
 */
const EMPTY_OBJECT = /(=Symbol\.for\("pv"\),[a-zA-Z_$]+=)\{\}/;

export function preactWithoutPrototype(): Plugin {
  return {
    name: 'parley-preact-without-prototype',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/.test(id)) return;
      if (!EMPTY_OBJECT.test(code)) {
        this.error(
          "Preact's empty object was not found: update scripts/preact-without-prototype.ts",
        );
      }
      return { code: code.replace(EMPTY_OBJECT, '$1Object.create(null)'), map: null };
    },
  };
}
