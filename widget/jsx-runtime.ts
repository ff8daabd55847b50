import type { ComponentType, VNode } from 'preact';
import { Fragment, jsx as preactJsxTyped } from 'preact/jsx-runtime';
import { bare } from './no-prototype.js';

const preactJsx = preactJsxTyped as (type: unknown, props: object, key?: string) => VNode;

/**
 * The JSX runtime the widget is compiled with (vite.config.ts): Preact's, with props that
 * have no prototype. Preact walks props with `for…in`, which also visits what a host page
 * put on Object.prototype: `Object.prototype.dangerouslySetInnerHTML` blanked every
 * element, a polluted `ref` broke every one.
 */
export function jsx(type: string | ComponentType, props: object, key?: string) {
  const own = bare(props) as Record<string, unknown>;
  // Preact takes a ref out of the props itself, copying them into a plain object to do so.
  const ref = typeof type === 'string' ? own.ref : undefined;
  if (ref !== undefined) delete own.ref;
  const vnode = preactJsx(type, own, key);
  if (ref !== undefined) vnode.ref = ref as NonNullable<typeof vnode.ref>;
  return vnode;
}

export { Fragment, jsx as jsxDEV, jsx as jsxs };
