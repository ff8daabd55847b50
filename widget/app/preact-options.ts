import { options } from 'preact';

/**
 * Preact calls its plugin hooks (`options.event`, `options.diffed`, …) from this object, and
 * preact/hooks and @preact/signals chain to whatever hook they find there when they load. So
 * it loses its prototype before they load (app.tsx imports this first): a hook the host page
 * put on Object.prototype is not called (widget/no-prototype.ts).
 */
Object.setPrototypeOf(options, null);
