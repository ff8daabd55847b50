/**
 * Cards the simulator's agent console sends, and the widget's tests draw: the
 * Adaptive Cards as the Adaptive Cards schema explorer (adaptivecards.io)
 * documents each element, 8x8's OAS example verbatim, and a feedback card whose
 * submit is the `adaptiveCard/action` value of 8x8's events reference. 8x8
 * documents no content for Buttons, Carousel, Template and Suggestions
 * [UNCONFIRMED]: theirs are the shapes the widget reads (EightByEightCards.tsx),
 * in each documented-elsewhere spelling the widget accepts.
 */
export const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

const card = (body: unknown[], actions: unknown[] = [], version = '1.5') => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version,
  body,
  ...(actions.length > 0 ? { actions } : {}),
});

/** 8x8's SendMessage OAS example card, verbatim. */
export const OAS_EXAMPLE = {
  type: 'AdaptiveCard',
  body: [{ type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: 'Example' }],
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.3',
};

export const SAMPLE_CARDS = {
  example: { contentType: ADAPTIVE, content: OAS_EXAMPLE },
  textBlock: {
    contentType: ADAPTIVE,
    content: card([
      { type: 'TextBlock', text: 'This is some text', size: 'large' },
      { type: 'TextBlock', text: "It doesn't wrap by default", weight: 'bolder' },
      {
        type: 'TextBlock',
        text: 'So set **wrap** to true if you plan on showing a paragraph of text',
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: 'You can even draw attention to certain text with color',
        wrap: true,
        color: 'attention',
      },
    ]),
  },
  richText: {
    contentType: ADAPTIVE,
    content: card([
      {
        type: 'RichTextBlock',
        inlines: [
          'This is the first inline. ',
          { type: 'TextRun', text: 'We support colors,', color: 'good' },
          { type: 'TextRun', text: ' both regular and subtle. ', isSubtle: true },
          { type: 'TextRun', text: 'Text ', size: 'small' },
          { type: 'TextRun', text: 'of ', size: 'medium' },
          { type: 'TextRun', text: 'all ', size: 'large' },
          { type: 'TextRun', text: 'sizes! ', size: 'extraLarge' },
          { type: 'TextRun', text: 'Light weight text. ', weight: 'lighter' },
          { type: 'TextRun', text: 'Bolder weight text. ', weight: 'bolder' },
          { type: 'TextRun', text: 'Italic text. ', italic: true },
          { type: 'TextRun', text: 'Strikethrough text. ', strikethrough: true },
          { type: 'TextRun', text: 'Highlighted text. ', highlight: true },
          { type: 'TextRun', text: 'Monospace text.', fontType: 'monospace' },
        ],
      },
    ]),
  },
  media: {
    contentType: ADAPTIVE,
    content: card([
      {
        type: 'Image',
        url: 'https://adaptivecards.io/content/cats/1.png',
        altText: 'Cat',
        size: 'medium',
      },
      {
        type: 'ImageSet',
        imageSize: 'medium',
        images: [
          { type: 'Image', url: 'https://adaptivecards.io/content/cats/2.png', altText: 'Cat two' },
          {
            type: 'Image',
            url: 'https://adaptivecards.io/content/cats/3.png',
            altText: 'Cat three',
          },
        ],
      },
    ]),
  },
  layout: {
    contentType: ADAPTIVE,
    content: card(
      [
        {
          type: 'Container',
          items: [{ type: 'TextBlock', text: 'This is some text inside a Container', wrap: true }],
        },
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: 'Column 1' }] },
            { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: 'Column 2' }] },
          ],
        },
        {
          type: 'FactSet',
          facts: [
            { title: 'Fact 1', value: 'Value 1' },
            { title: 'Fact 2', value: 'Value 2' },
          ],
        },
        {
          type: 'ActionSet',
          actions: [
            { type: 'Action.OpenUrl', title: 'Open docs', url: 'https://adaptivecards.io' },
            {
              type: 'Action.ShowCard',
              title: 'Action.ShowCard',
              card: {
                type: 'AdaptiveCard',
                body: [{ type: 'TextBlock', text: "This card's action will show another card" }],
              },
            },
          ],
        },
        {
          type: 'Media',
          sources: [{ mimeType: 'video/mp4', url: 'https://adaptivecards.io/content/movie.mp4' }],
          fallback: { type: 'TextBlock', text: 'A video this chat cannot play' },
        },
        { type: 'Table', columns: [], rows: [] },
      ],
      [],
      '1.6',
    ),
  },
  /** Every input; its submit is the `adaptiveCard/action` value of 8x8's events reference (with the other inputs). */
  feedback: {
    id: 'card-feedback',
    contentType: ADAPTIVE,
    content: card(
      [
        { type: 'TextBlock', text: 'How did we do?', weight: 'bolder', size: 'medium' },
        {
          type: 'Input.ChoiceSet',
          id: 'feedbackRating',
          label: 'Rating',
          style: 'expanded',
          isRequired: true,
          choices: [1, 2, 3, 4, 5].map((value) => ({ title: `${value}`, value: `${value}` })),
        },
        {
          type: 'Input.Text',
          id: 'comments',
          label: 'Comments',
          placeholder: 'enter comment',
          isMultiline: true,
          maxLength: 500,
        },
        { type: 'Input.Number', id: 'orderNumber', label: 'Order number', min: 1, max: 999999 },
        { type: 'Input.Date', id: 'visitDate', label: 'Date of visit' },
        {
          type: 'Input.Toggle',
          id: 'contactMe',
          title: 'Contact me about this',
          valueOn: 'yes',
          valueOff: 'no',
        },
        {
          type: 'Input.ChoiceSet',
          id: 'topics',
          label: 'Topics',
          isMultiSelect: true,
          style: 'expanded',
          choices: [
            { title: 'Delivery', value: 'delivery' },
            { title: 'Billing', value: 'billing' },
          ],
        },
        {
          type: 'Input.ChoiceSet',
          id: 'channel',
          label: 'Preferred channel',
          style: 'compact',
          value: 'chat',
          choices: [
            { title: 'Chat', value: 'chat' },
            { title: 'Email', value: 'email' },
          ],
        },
      ],
      [{ type: 'Action.Submit', title: 'Send feedback', data: { form: 'feedback' } }],
    ),
  },
  buttons: {
    contentType: 'Buttons',
    content: {
      text: 'What would you like to do?',
      buttons: [
        { title: 'Track my order', payload: 'track_order' },
        { title: 'Store hours', type: 'url', value: 'https://example.com/hours' },
      ],
    },
  },
  template: {
    contentType: 'Template',
    content: {
      title: 'Classic T-shirt',
      subtitle: 'Soft cotton, **three** colours',
      imageUrl: 'https://example.com/shirt.png',
      buttons: [{ title: 'Buy', payload: 'buy_shirt' }],
    },
  },
  carousel: {
    contentType: 'Carousel',
    content: {
      cards: [
        {
          title: 'Red shirt',
          subtitle: 'In stock',
          buttons: [{ title: 'Pick red', payload: 'red' }],
        },
        {
          title: 'Green shirt',
          subtitle: 'Two left',
          buttons: [{ title: 'Pick green', payload: 'green' }],
        },
        {
          title: 'Blue shirt',
          subtitle: 'Back soon',
          buttons: [{ title: 'Pick blue', payload: 'blue' }],
        },
      ],
    },
  },
  suggestions: {
    contentType: 'Suggestions',
    content: { suggestions: ['Opening hours', { title: 'Talk to a person', payload: 'agent' }] },
  },
  unknown: { contentType: 'Location', content: { latitude: 51.5, longitude: -0.12 } },
} as const;

export type SampleCardName = keyof typeof SAMPLE_CARDS;
export const SAMPLE_CARD_NAMES = Object.keys(SAMPLE_CARDS) as SampleCardName[];
