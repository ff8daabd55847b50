const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds a lazy chunk's own CSS to the shadow root, once: the first open's
 * stylesheet carries only what the first open shows.
 */
export function adoptSheet(root: ShadowRoot | undefined, css: string) {
  if (!root?.adoptedStyleSheets) return;
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  if (!root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
