export type TextPart = { text: string } | { text: string; href: string };

/**
 * Splits message text into plain parts and links. Only http(s), mailto and tel
 * links are made; everything else (javascript:, data:, markdown-style links)
 * stays plain text. Rendered as text nodes and <a> elements: never as HTML.
 */
const LINK =
  /\b(?:https?:\/\/|www\.)[^\s<>"']+|\bmailto:[^\s<>"']+@[^\s<>"']+|\btel:\+?[0-9][0-9().-]{2,}/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    let raw = match[0];
    const trailing = TRAILING.exec(raw)?.[0] ?? '';
    raw = raw.slice(0, raw.length - trailing.length);
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

function safeHref(raw: string): string | undefined {
  try {
    const url = new URL(raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw);
    return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
