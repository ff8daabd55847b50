/**
 * The markdown a chat carries, parsed into a small tree (never HTML): bold
 * (`**b**`, `__b__`), italic (`*i*`, `_i_`), strike (`~~s~~`), inline code,
 * fenced code blocks, bullet and numbered lists, links `[text](url)`, and line
 * breaks. Anything else stays the text it is.
 *
 * Linear time on hostile input: a delimiter's closer is looked for once per
 * level: within one level the searches for a delimiter only move forward, so
 * the last answer is reused while it is still ahead (`****…`, `[[[[…`, `[a[a…](`
 * cost their length, not its square).
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong' | 'em' | 'del'; children: Inline[] }
  | { kind: 'link'; url: string; children: Inline[] };

export type Block =
  | { kind: 'paragraph'; lines: Inline[][] }
  | { kind: 'code-block'; text: string }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

const SPANS: { open: string; kind: 'strong' | 'em' | 'del' }[] = [
  { open: '**', kind: 'strong' },
  { open: '__', kind: 'strong' },
  { open: '~~', kind: 'del' },
  { open: '*', kind: 'em' },
  { open: '_', kind: 'em' },
];

/** The characters a span or a link begins with (spanAt). */
const OPENS = /[`[*_~]/g;

const LIST_ITEM = /^ {0,3}(?:([-*+])|(\d{1,9})[.)]) +(.*)$/;
/** A fence: three backticks and an info string with none (CommonMark), which is not shown. */
const FENCE = /^ {0,3}```[^`]*$/;

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let paragraph: Inline[][] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (FENCE.test(line)) {
      endParagraph();
      const code: string[] = [];
      for (index++; index < lines.length && !FENCE.test(lines[index]!); index++) {
        code.push(lines[index]!);
      }
      blocks.push({ kind: 'code-block', text: code.join('\n') });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      endParagraph();
      const ordered = item[1] === undefined;
      const last = blocks.at(-1);
      const inline = parseInline(item[3]!);
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(inline);
      else blocks.push({ kind: 'list', ordered, items: [inline] });
      continue;
    }
    if (line.trim() === '') endParagraph();
    else paragraph.push(parseInline(line));
  }
  endParagraph();
  return blocks;
}

/** Per delimiter, where it was last found (-1: nowhere after where it was looked for). */
type NoCloser = Map<string, number>;

export function parseInline(text: string): Inline[] {
  return inline(text, new Map(), 0);
}

function inline(text: string, noCloser: NoCloser, depth: number): Inline[] {
  const out: Inline[] = [];
  let plain = 0;
  let at = 0;
  const flush = (end: number) => {
    if (end > plain) out.push({ kind: 'text', text: text.slice(plain, end) });
  };
  // Past four levels nothing opens: the rest is text.
  while (depth < 4 && at < text.length) {
    // Straight to the next character that may open something: no call per plain character.
    OPENS.lastIndex = at;
    const next = OPENS.exec(text);
    if (!next) break;
    at = next.index;
    const found = spanAt(text, at, noCloser, depth);
    if (!found) {
      at++;
      continue;
    }
    flush(at);
    out.push(found.node);
    at = found.end;
    plain = at;
  }
  flush(text.length);
  return out;
}

function spanAt(text: string, at: number, noCloser: NoCloser, depth: number) {
  const char = text[at];
  if (char === '`') {
    const close = closer(text, '`', at + 1, noCloser);
    if (close > at + 1)
      return { node: { kind: 'code', text: text.slice(at + 1, close) } as Inline, end: close + 1 };
    return undefined;
  }
  if (char === '[') return linkAt(text, at, noCloser, depth);
  for (const { open, kind } of SPANS) {
    if (!text.startsWith(open, at)) continue;
    const from = at + open.length;
    // "* item" or "2 * 3": a delimiter followed by a space opens nothing.
    if (from >= text.length || text[from] === ' ' || text[from] === open[0]) continue;
    const close = closer(text, open, from, noCloser);
    if (close <= from || text[close - 1] === ' ') continue;
    const children = inline(text.slice(from, close), new Map(), depth + 1);
    return { node: { kind, children } as Inline, end: close + open.length };
  }
  return undefined;
}

function linkAt(text: string, at: number, noCloser: NoCloser, depth: number) {
  const middle = closer(text, '](', at + 1, noCloser);
  if (middle < 0) return undefined;
  let end = closer(text, ')', middle + 2, noCloser);
  if (end < 0) return undefined;
  const label = text.slice(at + 1, middle);
  // A label with a "[" in it: the link starts at the innermost "[".
  if (label.includes('[')) return undefined;
  // A URL may hold balanced parentheses (`…/wiki/Mercury_(planet)`): each "(" still open
  // takes the next ")". Every step scans on from the last, so this stays linear.
  let open = balance(text.slice(middle + 2, end));
  while (open > 0) {
    const next = text.indexOf(')', end + 1);
    if (next < 0) break;
    const gap = text.slice(end + 1, next);
    if (/\s/.test(gap)) break;
    open += balance(gap) - 1;
    end = next;
  }
  const url = text.slice(middle + 2, end).trim();
  if (url === '' || /\s/.test(url)) return undefined;
  return {
    node: { kind: 'link', url, children: inline(label, new Map(), depth + 1) } as Inline,
    end: end + 1,
  };
}

/** How many more "(" than ")" a piece of a URL has. */
function balance(piece: string): number {
  let open = 0;
  for (const char of piece) open += char === '(' ? 1 : char === ')' ? -1 : 0;
  return open;
}

/**
 * The next `delimiter` at or after `from`, or -1. Within a level `from` never
 * goes back for a delimiter, so an earlier answer still ahead of `from` (or
 * "none") is the answer.
 */
function closer(text: string, delimiter: string, from: number, noCloser: NoCloser): number {
  const last = noCloser.get(delimiter);
  if (last !== undefined && (last === -1 || last >= from)) return last;
  const found = text.indexOf(delimiter, from);
  noCloser.set(delimiter, found);
  return found;
}
