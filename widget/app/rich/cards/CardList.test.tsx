import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { xssCorpus } from '../../../../e2e/security/xss-corpus.js';
import type { Card } from '../../../../protocol/events.js';
import { SAMPLE_CARDS, type SampleCardName } from '../../../../server/simulator/sample-cards.js';
import { en } from '../../locales/en.js';
import { expectInert } from '../expect-inert.js';
import { CardList } from './CardList.js';

function draw(cards: Card[], locked = false) {
  const onSubmit = vi.fn();
  const onReply = vi.fn();
  const view = render(
    <CardList
      cards={cards}
      messageId="m-1"
      strings={en}
      locked={locked}
      onSubmit={onSubmit}
      onReply={onReply}
    />,
  );
  return { ...view, onSubmit, onReply };
}

const sample = (name: SampleCardName, locked = false) =>
  draw([structuredClone(SAMPLE_CARDS[name]) as Card], locked);

describe('Adaptive Cards', () => {
  it("8x8's OAS example: a TextBlock with its size and weight", () => {
    const { container } = sample('example');
    const block = container.querySelector('.card-text')!;
    expect(block.textContent).toBe('Example');
    expect(block.className).toContain('size-medium');
    expect(block.className).toContain('weight-bolder');
  });

  it('TextBlock: its markdown as elements, its color', () => {
    const { container } = sample('textBlock');
    expect(container.querySelector('.card-text strong')?.textContent).toBe('wrap');
    expect(container.querySelector('.color-attention')?.textContent).toContain('draw attention');
    expect(container.querySelector('.size-large')?.textContent).toBe('This is some text');
  });

  it('RichTextBlock: strings and TextRuns with their emphasis', () => {
    const { container } = sample('richText');
    const block = container.querySelector('.card-richtext')!;
    expect(block.textContent).toContain('This is the first inline. We support colors,');
    expect(block.querySelector('strong')?.textContent).toBe('Bolder weight text. ');
    expect(block.querySelector('em')?.textContent).toBe('Italic text. ');
    expect(block.querySelector('del')?.textContent).toBe('Strikethrough text. ');
    expect(block.querySelector('mark')?.textContent).toBe('Highlighted text. ');
    expect(block.querySelector('code')?.textContent).toBe('Monospace text.');
  });

  it('Image and ImageSet: http(s) images with their alt text', () => {
    sample('media');
    const images = screen.getAllByRole('img');
    expect(images.map((image) => image.getAttribute('alt'))).toEqual([
      'Cat',
      'Cat two',
      'Cat three',
    ]);
    expect(images[0]!.getAttribute('src')).toBe('https://adaptivecards.io/content/cats/1.png');
  });

  it('Container, ColumnSet, FactSet, ActionSet with OpenUrl and ShowCard; fallback and "unsupported"', () => {
    const { container } = sample('layout');
    expect(container.querySelector('.card-container')?.textContent).toBe(
      'This is some text inside a Container',
    );
    const columns = container.querySelectorAll('.card-column');
    expect(Array.from(columns, (column) => column.textContent)).toEqual(['Column 1', 'Column 2']);
    expect((columns[0] as HTMLElement).style.flex).toBe('0 0 auto');
    // The pairs straight in the list: no wrapper element per fact.
    expect(
      Array.from(container.querySelectorAll('dl > dt, dl > dd'), (item) => item.textContent),
    ).toEqual(['Fact 1', 'Value 1', 'Fact 2', 'Value 2']);
    const link = screen.getByRole('link', { name: 'Open docs' });
    expect(link.getAttribute('href')).toBe('https://adaptivecards.io/');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    const show = screen.getByRole('button', { name: 'Action.ShowCard' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    expect(container.textContent).not.toContain("This card's action will show another card");
    fireEvent.click(show);
    expect(show.getAttribute('aria-expanded')).toBe('true');
    expect(container.querySelector('.card-showcard')?.textContent).toBe(
      "This card's action will show another card",
    );
    // Media is not drawn: its fallback is. A Table has none: the "unsupported" line.
    expect(container.textContent).toContain('A video this chat cannot play');
    expect(screen.getAllByText(en.unsupportedCard)).toHaveLength(1);
  });

  it('every input, required checked first; the submit is the action data and the values, by input id', () => {
    const { container, onSubmit } = sample('feedback');
    const send = screen.getByRole('button', { name: 'Send feedback' });
    fireEvent.click(send);
    // The rating is required: nothing is sent until it is chosen.
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('radio', { name: '5' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Comments' }), {
      target: { value: 'Great service!' },
    });
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Order number' }), {
      target: { value: '1234' },
    });
    fireEvent.input(screen.getByLabelText('Date of visit'), { target: { value: '2026-11-30' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Contact me about this' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Billing' }));
    expect(
      within(container as HTMLElement).getByRole('combobox', { name: 'Preferred channel' }),
    ).toBeTruthy();
    fireEvent.click(send);
    expect(onSubmit).toHaveBeenCalledTimes(1);
    const [index, type, data, summary] = onSubmit.mock.calls[0]!;
    expect(index).toBe(0);
    expect(type).toBe('Action.Submit');
    expect(data).toEqual({
      form: 'feedback',
      feedbackRating: '5',
      comments: 'Great service!',
      orderNumber: 1234,
      visitDate: '2026-11-30',
      contactMe: 'yes',
      topics: 'billing',
      channel: 'chat',
    });
    expect(summary).toMatch(/^Send feedback\n(?:.*\n)*feedbackRating: 5\ncomments: Great service!/);
  });

  it('a locked card (answered already) has every input and action disabled', () => {
    const { container } = sample('feedback', true);
    const controls = container.querySelectorAll('input, textarea, select, button');
    expect(controls.length).toBeGreaterThan(5);
    for (const control of Array.from(controls)) {
      expect((control as HTMLInputElement).disabled || control.closest('fieldset')?.disabled).toBe(
        true,
      );
    }
    // 8x8's own flag locks it too.
    const flagged = draw([
      { ...(structuredClone(SAMPLE_CARDS.feedback) as Card), submitted: true },
    ]);
    expect(
      (flagged.getAllByRole('button', { name: 'Send feedback' })[0] as HTMLButtonElement).disabled,
    ).toBe(true);
  });
});

describe("8x8's cards", () => {
  it('Buttons: a postback answers as a quick reply; a url button is a link', () => {
    const { onReply, container } = sample('buttons');
    expect(container.textContent).toContain('What would you like to do?');
    fireEvent.click(screen.getByRole('button', { name: 'Track my order' }));
    expect(onReply).toHaveBeenCalledWith('Track my order', 'track_order');
    expect(screen.getByRole('link', { name: 'Store hours' }).getAttribute('href')).toBe(
      'https://example.com/hours',
    );
  });

  it('Template: image, title, formatted subtitle, buttons', () => {
    const { onReply, container } = sample('template');
    expect(screen.getByRole('img').getAttribute('src')).toBe('https://example.com/shirt.png');
    expect(container.querySelector('.card-title')?.textContent).toBe('Classic T-shirt');
    expect(container.querySelector('strong')?.textContent).toBe('three');
    fireEvent.click(screen.getByRole('button', { name: 'Buy' }));
    expect(onReply).toHaveBeenCalledWith('Buy', 'buy_shirt');
  });

  it('Carousel: one slide at a time, by arrow keys, buttons and swipe', () => {
    const { container, onReply } = sample('carousel');
    const carousel = container.querySelector('[aria-roledescription="carousel"]') as HTMLElement;
    const slide = () => container.querySelector('[aria-roledescription="slide"]')!;
    expect(slide().getAttribute('aria-label')).toBe('Card 1 of 3');
    expect(slide().textContent).toContain('Red shirt');
    fireEvent.keyDown(carousel, { key: 'ArrowRight' });
    expect(slide().textContent).toContain('Green shirt');
    fireEvent.click(screen.getByRole('button', { name: 'Next card' }));
    expect(slide().getAttribute('aria-label')).toBe('Card 3 of 3');
    // Round: past the last the first, so no button goes dead under the keyboard's focus.
    fireEvent.click(screen.getByRole('button', { name: 'Next card' }));
    expect(slide().getAttribute('aria-label')).toBe('Card 1 of 3');
    fireEvent.keyDown(carousel, { key: 'ArrowLeft' });
    expect(slide().getAttribute('aria-label')).toBe('Card 3 of 3');
    fireEvent.keyDown(carousel, { key: 'ArrowLeft' });
    expect(slide().textContent).toContain('Green shirt');
    // A swipe to the right goes back.
    fireEvent.pointerDown(carousel, { clientX: 10 });
    fireEvent.pointerUp(carousel, { clientX: 200 });
    expect(slide().textContent).toContain('Red shirt');
    fireEvent.click(screen.getByRole('button', { name: 'Pick red' }));
    expect(onReply).toHaveBeenCalledWith('Pick red', 'red');
  });

  it('Suggestions: strings and buttons, each a reply', () => {
    const { onReply } = sample('suggestions');
    fireEvent.click(screen.getByRole('button', { name: 'Opening hours' }));
    fireEvent.click(screen.getByRole('button', { name: 'Talk to a person' }));
    expect(onReply.mock.calls).toEqual([
      ['Opening hours', 'Opening hours'],
      ['Talk to a person', 'agent'],
    ]);
  });

  it('an unknown card type, or an empty card, says "unsupported" rather than nothing', () => {
    sample('unknown');
    draw([{ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }]);
    expect(screen.getAllByText(en.unsupportedCard)).toHaveLength(2);
  });
});

/** Every string field of every element and card kind, holding `payload`. */
function hostileCards(payload: string): Card[] {
  const p = payload;
  const adaptive = (body: unknown[], actions: unknown[] = []) => ({
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: { type: 'AdaptiveCard', version: '1.6', body, actions, lang: p, fallbackText: p },
  });
  return [
    adaptive(
      [
        { type: 'TextBlock', text: p, size: p, weight: p, color: p, style: p },
        { type: 'RichTextBlock', inlines: [p, { type: 'TextRun', text: p }] },
        { type: 'Image', url: p, altText: p, size: p, style: p },
        { type: 'ImageSet', images: [{ type: 'Image', url: p, altText: p }] },
        { type: 'FactSet', facts: [{ title: p, value: p }] },
        { type: 'Container', items: [{ type: 'TextBlock', text: p }] },
        {
          type: 'ColumnSet',
          columns: [{ type: 'Column', width: p, items: [{ type: 'TextBlock', text: p }] }],
        },
        { type: 'Input.Text', id: p, label: p, placeholder: p, value: p, style: p },
        { type: 'Input.Number', id: `${p}n`, label: p, placeholder: p, value: p, min: p, max: p },
        { type: 'Input.Date', id: `${p}d`, label: p, value: p, min: p },
        { type: 'Input.Toggle', id: `${p}t`, title: p, valueOn: p, valueOff: p, value: p },
        {
          type: 'Input.ChoiceSet',
          id: `${p}c`,
          label: p,
          value: p,
          choices: [{ title: p, value: p }],
        },
        {
          type: 'Input.ChoiceSet',
          id: `${p}e`,
          style: 'expanded',
          choices: [{ title: p, value: p }],
        },
        { type: p, fallback: { type: 'TextBlock', text: p } },
        {
          type: 'ActionSet',
          actions: [
            { type: 'Action.OpenUrl', title: p, url: p },
            {
              type: 'Action.ShowCard',
              title: p,
              card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: p }] },
            },
          ],
        },
      ],
      [
        { type: 'Action.Submit', title: p, data: { p } },
        { type: p, title: p },
      ],
    ),
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: p, fallbackText: p },
    },
    {
      contentType: 'Buttons',
      content: {
        text: p,
        buttons: [
          { title: p, payload: p },
          { title: p, url: p },
          { title: p, type: 'url', value: p },
        ],
      },
    },
    {
      contentType: 'Template',
      content: {
        title: p,
        subtitle: p,
        imageUrl: p,
        image: { url: p, altText: p },
        buttons: [{ title: p }],
      },
    },
    {
      contentType: 'Carousel',
      content: {
        cards: [
          { title: p, subtitle: p, imageUrl: p },
          { contentType: p, content: {} },
        ],
      },
    },
    { contentType: 'Suggestions', content: { suggestions: [p, { title: p, payload: p }] } },
    { contentType: p, content: p },
  ] as Card[];
}

/** Each vector plain and in markdown bold (the corpus's other wrappings are the markdown test's). */
const PAYLOADS = xssCorpus().filter((_, index) => index % 5 === 0 || index % 5 === 4);
const QUARTER = Math.ceil(PAYLOADS.length / 4);

describe('the XSS corpus through every card field', () => {
  it.each([0, 1, 2, 3])(
    'nothing runs, nothing becomes markup, images and links http(s) only (part %i)',
    (part) => {
      const run = vi.fn();
      (globalThis as { __xss?: unknown }).__xss = run;
      for (const payload of PAYLOADS.slice(part * QUARTER, (part + 1) * QUARTER)) {
        const { container, unmount } = draw(hostileCards(payload));
        expectInert(container);
        // The only elements are the ones the renderer makes, never ones from the payload.
        for (const tag of [
          'svg',
          'math',
          'video',
          'audio',
          'details',
          'marquee',
          'template',
          'noscript',
        ]) {
          expect(container.querySelector(tag)).toBeNull();
        }
        for (const image of Array.from(container.querySelectorAll('img'))) {
          expect(image.getAttribute('src')).toMatch(/^https?:\/\//);
        }
        unmount();
      }
      expect(run).not.toHaveBeenCalled();
    },
  );
});
