import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { xssCorpus } from '../../../e2e/security/xss-corpus.js';
import { expectInert } from './expect-inert.js';
import { Markdown, markdownNodes } from './Markdown.js';
import { parseInline, parseMarkdown } from './markdown.js';

const html = (text: string) => render(<Markdown text={text} />).container.innerHTML;

describe('markdown', () => {
  it('plain words are one text node, unparsed; text that may be more is parsed as before', () => {
    expect(markdownNodes('Just words, 2 + 2 = 4.')).toBe('Just words, 2 + 2 = 4.');
    const nodes = (text: string) => render(<div>{markdownNodes(text)}</div>).container.innerHTML;
    expect(nodes('a\nb')).toBe('<div>a<br>b</div>');
    expect(nodes('1. one')).toBe('<div><ol><li>one</li></ol></div>');
    expect(nodes('   ')).toBe('<div></div>');
    expect(nodes('see www.example.com')).toBe(
      '<div>see <a href="https://www.example.com/" target="_blank" rel="noopener noreferrer">www.example.com</a></div>',
    );
  });

  it('bold, italic, strike, inline code, links and line breaks become elements; one paragraph is the plain text box', () => {
    expect(
      html('**bold** *it* _it_ __b__ ~~gone~~ `a<b>` [docs](https://example.com/x)\nnext'),
    ).toBe(
      '<p class="text markdown"><strong>bold</strong> <em>it</em> <em>it</em> <strong>b</strong> ' +
        '<del>gone</del> <code>a&lt;b&gt;</code> <a href="https://example.com/x" target="_blank" ' +
        'rel="noopener noreferrer" title="https://example.com/x">docs</a><br>next</p>',
    );
  });

  it('nests emphasis, and leaves a lone or spaced delimiter as it is', () => {
    expect(parseInline('**bold _and it_**')).toEqual([
      {
        kind: 'strong',
        children: [
          { kind: 'text', text: 'bold ' },
          { kind: 'em', children: [{ kind: 'text', text: 'and it' }] },
        ],
      },
    ]);
    expect(parseInline('2 * 3 * 4 and snake_case_name')).toEqual([
      { kind: 'text', text: '2 * 3 * 4 and snake' },
      { kind: 'em', children: [{ kind: 'text', text: 'case' }] },
      { kind: 'text', text: 'name' },
    ]);
  });

  it('bullet and numbered lists, code blocks (their markdown stays text) and paragraphs', () => {
    expect(
      parseMarkdown('Steps:\n1. one\n2. **two**\n\n- a\n* b\n```\n**not bold** <b>\n```\nend'),
    ).toEqual([
      { kind: 'paragraph', lines: [[{ kind: 'text', text: 'Steps:' }]] },
      {
        kind: 'list',
        ordered: true,
        items: [
          [{ kind: 'text', text: 'one' }],
          [{ kind: 'strong', children: [{ kind: 'text', text: 'two' }] }],
        ],
      },
      {
        kind: 'list',
        ordered: false,
        items: [[{ kind: 'text', text: 'a' }], [{ kind: 'text', text: 'b' }]],
      },
      { kind: 'code-block', text: '**not bold** <b>' },
      { kind: 'paragraph', lines: [[{ kind: 'text', text: 'end' }]] },
    ]);
    expect(html('- a\n- b')).toBe('<div class="text markdown"><ul><li>a</li><li>b</li></ul></div>');
  });

  it('a link only through the allow-list: javascript:, data: and a user name before the host stay text', () => {
    for (const url of [
      'javascript:alert`1`',
      'data:text/html,x',
      'https://bank.example@evil.example/',
    ]) {
      const { container } = render(<Markdown text={`[pay](${url})`} />);
      expect(container.querySelector('a')).toBeNull();
      expect(container.textContent).toBe('pay');
    }
    // Bare links in formatted text are still links, as in plain messages.
    expect(
      render(<Markdown text="**see** https://example.com" />).container.querySelector('a')?.href,
    ).toBe('https://example.com/');
  });

  it('a URL keeps its balanced parentheses, and a refused one takes its ")" with it', () => {
    const link = render(
      <Markdown text="see [Mercury](https://en.wikipedia.org/wiki/Mercury_(planet)), the planet" />,
    ).container;
    expect(link.querySelector('a')?.href).toBe('https://en.wikipedia.org/wiki/Mercury_(planet)');
    expect(link.textContent).toBe('see Mercury, the planet');
    const refused = render(<Markdown text="[click](javascript:go(1)) now" />).container;
    expect(refused.querySelector('a')).toBeNull();
    expect(refused.textContent).toBe('click now');
  });

  it('hostile input parses to its length: runs of delimiters and brackets, long words still chunked', () => {
    for (const hostile of [
      '*'.repeat(20_000),
      '['.repeat(20_000),
      `${'[a'.repeat(10_000)}](x)`,
      '`'.repeat(20_000),
      '~~'.repeat(10_000),
      `**${'x'.repeat(20_000)}`,
    ]) {
      // Nothing of the text is lost (a delimiter with no partner is text).
      const { container, unmount } = render(<Markdown text={hostile} />);
      expect(container.textContent!.length).toBeGreaterThanOrEqual(hostile.length - 5);
      unmount();
    }
    // A 30,000-character word inside bold still reaches the DOM in pieces (safe-display.ts).
    const { container } = render(<Markdown text={`**${'W'.repeat(30_000)}**`} />);
    const strong = container.querySelector('strong')!;
    expect(strong.childNodes.length).toBeGreaterThan(100);
    expect(
      Math.max(...Array.from(strong.childNodes, (node) => node.textContent!.length)),
    ).toBeLessThanOrEqual(96);
  });

  it('the XSS corpus through every construct: nothing runs, nothing becomes markup', () => {
    const wraps = (p: string) => [
      p,
      `**${p}**`,
      `*${p}*`,
      `~~${p}~~`,
      `\`${p}\``,
      `[${p}](${p})`,
      `[x](${p})`,
      `- ${p}`,
      `1. ${p}`,
      `\`\`\`\n${p}\n\`\`\``,
    ];
    for (const payload of xssCorpus()) {
      // Every construct around the payload, one per line (lists and fences need their own).
      const { container, unmount } = render(<Markdown text={wraps(payload).join('\n\n')} />);
      expectInert(container);
      expect(
        container.querySelectorAll('img, svg, iframe, script, input, form, a:not([href^="http"])'),
      ).toHaveLength(0);
      unmount();
    }
  });
});
