import type { ComponentChildren } from 'preact';
import { adoptSheet } from '../adopt-sheet.js';
import { useUi } from '../components/ui.js';
import { remembered } from '../remembered.js';
import { displayLink } from '../safe-link.js';
import { mightBeRich } from './lazy.js';
import css from './markdown.css?inline';
import { type Block, type Inline, parseMarkdown } from './markdown.js';
import { linkedNodes, textNodes } from './text-nodes.js';

/**
 * Message text with its markdown (markdown.ts) and bare links as elements: text
 * nodes (text-nodes.tsx), links only as safe-link.ts allows them. Never HTML.
 * The chunk of formatted text (rich/lazy.ts): plain words never load it.
 */
export function Markdown({ text }: { text: string }) {
  adoptSheet(useUi()?.root, css);
  const blocks = parsed(text);
  const only = onlyParagraph(blocks);
  // One paragraph keeps the plain text's own box: nothing moves when the chunk arrives.
  if (only) return <p class="text markdown">{lines(only.lines)}</p>;
  return <div class="text markdown">{blocks.map(block)}</div>;
}

/**
 * The text's markdown as elements for a box of its own (a card's TextBlock, a
 * fact): one paragraph as its inlines, more as blocks. No wrapper: a card of
 * 200 elements lays out fewer boxes.
 */
export function markdownNodes(text: string): ComponentChildren {
  // Plain words (most of a card's text): their text nodes, neither parser run.
  if (!mightBeRich(text) && !text.includes('\n') && text.trim() !== '') return textNodes(text);
  const blocks = parsed(text);
  const only = onlyParagraph(blocks);
  return only ? lines(only.lines) : blocks.map(block);
}

/** A text's blocks, parsed once while it is drawn again and again. */
const parsed = remembered(parseMarkdown);

const onlyParagraph = (blocks: Block[]) =>
  blocks.length === 1 && blocks[0]?.kind === 'paragraph' ? blocks[0] : undefined;

function block(item: Block, index: number) {
  switch (item.kind) {
    case 'code-block':
      return (
        <pre key={index}>
          <code>{textNodes(item.text)}</code>
        </pre>
      );
    case 'list': {
      const items = item.items.map((line, at) => <li key={at}>{line.map(inline)}</li>);
      return item.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
    }
    case 'paragraph':
      return <p key={index}>{lines(item.lines)}</p>;
  }
}

/** The lines' inlines, one flat list: an array among children would be a Fragment each. */
function lines(all: Inline[][]): ComponentChildren[] {
  const nodes: ComponentChildren[] = [];
  for (let index = 0; index < all.length; index++) {
    if (index > 0) nodes.push(<br key={`br-${index}`} />);
    const line = all[index]!;
    for (let at = 0; at < line.length; at++) {
      const node = inline(line[at]!, `${index}-${at}`);
      if (Array.isArray(node)) nodes.push(...(node as ComponentChildren[]));
      else nodes.push(node);
    }
  }
  return nodes;
}

export function inline(part: Inline, key: number | string): ComponentChildren {
  switch (part.kind) {
    case 'text':
      return linkedNodes(part.text);
    case 'code':
      return <code key={key}>{textNodes(part.text)}</code>;
    case 'strong':
      return <strong key={key}>{part.children.map(inline)}</strong>;
    case 'em':
      return <em key={key}>{part.children.map(inline)}</em>;
    case 'del':
      return <del key={key}>{part.children.map(inline)}</del>;
    case 'link': {
      const link = displayLink(part.url);
      const label = part.children.map(inline);
      // Not a link the allow-list takes (javascript:, data:, a user name before the host): its text only.
      if (!link) return <span key={key}>{label}</span>;
      return (
        <a key={key} href={link.href} target="_blank" rel="noopener noreferrer" title={link.href}>
          {label}
        </a>
      );
    }
  }
}
