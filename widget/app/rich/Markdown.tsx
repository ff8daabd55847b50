import type { ComponentChildren } from 'preact';
import { LinkedText } from '../components/LinkedText.js';
import { SafeText } from '../components/SafeText.js';
import { displayLink } from '../safe-display.js';
import { type Block, type Inline, parseMarkdown } from './markdown.js';

/**
 * Message text with its markdown (markdown.ts) as elements: text nodes through
 * SafeText, links only as safe-display.ts allows them. Never HTML.
 */
export function Markdown({ text }: { text: string }) {
  return <div class="text markdown">{parseMarkdown(text).map(block)}</div>;
}

function block(item: Block, index: number) {
  switch (item.kind) {
    case 'code-block':
      return (
        <pre key={index}>
          <code>
            <SafeText text={item.text} />
          </code>
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

function lines(all: Inline[][]): ComponentChildren[] {
  return all.flatMap((line, index) => [
    ...(index > 0 ? [<br key={`br-${index}`} />] : []),
    ...line.map((part, at) => inline(part, `${index}-${at}`)),
  ]);
}

export function inline(part: Inline, key: number | string): ComponentChildren {
  switch (part.kind) {
    case 'text':
      return <LinkedText key={key} text={part.text} />;
    case 'code':
      return (
        <code key={key}>
          <SafeText text={part.text} />
        </code>
      );
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
