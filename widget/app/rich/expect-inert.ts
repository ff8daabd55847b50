import { expect } from 'vitest';

/** Nothing of `root` can run: no script, no event handler, no javascript: URL, no frame. */
export function expectInert(root: Element) {
  expect(
    root.querySelectorAll('script, iframe, object, embed, style, base, meta, link'),
  ).toHaveLength(0);
  for (const element of Array.from(root.querySelectorAll('*'))) {
    for (const { name, value } of Array.from(element.attributes)) {
      expect(name.startsWith('on'), `${element.tagName} ${name}`).toBe(false);
      if (['href', 'src', 'action', 'formaction', 'srcset'].includes(name)) {
        expect(value).toMatch(/^(?:https?:|mailto:|tel:)/i);
      }
    }
  }
}
