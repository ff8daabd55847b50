import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { SAMPLE_CARDS, type SampleCardName } from '../server/simulator/sample-cards.js';
import {
  type Agent,
  expect,
  expectAccessible,
  startChat,
  test,
  widget,
} from './widget-fixtures.js';

/**
 * Cards and formatting (docs/cards.md), end to end: the simulator's agent sends
 * what 8x8's Chat Gateway sends, the widget in real Chromium draws it from its
 * lazy chunks, and the visitor's answers reach the simulator in 8x8's shapes.
 */

/** The agent sends sample cards (server/simulator/sample-cards.ts) and no text, as a bot does. */
async function sendCards(agent: Agent, ...names: SampleCardName[]) {
  const conversation = await agent.conversation();
  agent.simulator.agentMessage(
    agent.id,
    conversation.id,
    '',
    [],
    names.map((name) => structuredClone(SAMPLE_CARDS[name]) as Record<string, unknown>),
  );
}

/** The built chunk of formatted text and of cards (dist/widget's manifest), by file name. */
function chunkFiles() {
  const manifest = JSON.parse(readFileSync('dist/widget/.vite/manifest.json', 'utf8')) as Record<
    string,
    { file: string; name?: string; src?: string }
  >;
  const entries = Object.values(manifest);
  return {
    markdown: entries.find((entry) => entry.name === 'Markdown')!.file,
    cards: entries.find((entry) => entry.src === 'widget/app/rich/cards/MessageCards.tsx')!.file,
  };
}

/** The file names the page fetches from now on. */
function fetchedFiles(page: Page): string[] {
  const files: string[] = [];
  page.on('request', (request) => files.push(new URL(request.url()).pathname.split('/').pop()!));
  return files;
}

for (const theme of ['light', 'dark'] as const) {
  test(`an Adaptive Card with inputs: filled, submitted once at 8x8, locked through a reload (${theme})`, async ({
    page,
    site,
    agent,
  }) => {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    const { log } = await startChat(page, site.page(), 'I would like to give feedback');
    await agent.accept();
    await sendCards(agent, 'feedback');
    const card = log.locator('form.card');
    await expect(card.getByText('How did we do?')).toBeVisible();
    await expectAccessible(page);

    // Required: the browser's own check stops an empty submit.
    const send = card.getByRole('button', { name: 'Send feedback' });
    await send.click();
    await page.waitForTimeout(300);
    expect((await agent.conversation()).cardSubmits).toEqual([]);

    await card.getByRole('radio', { name: '4' }).check();
    await card.getByRole('textbox', { name: 'Comments' }).fill('Quick and kind');
    await card.getByRole('spinbutton', { name: 'Order number' }).fill('1234');
    await card.getByLabel('Date of visit').fill('2026-11-30');
    await card.getByRole('checkbox', { name: 'Contact me about this' }).check();
    await card.getByRole('checkbox', { name: 'Billing' }).check();
    await card.getByRole('combobox', { name: 'Preferred channel' }).selectOption('email');
    await expectAccessible(page);
    await send.click();
    await send.click({ force: true }).catch(() => undefined);

    const data = {
      form: 'feedback',
      feedbackRating: '4',
      comments: 'Quick and kind',
      orderNumber: 1234,
      visitDate: '2026-11-30',
      contactMe: 'yes',
      topics: 'billing',
      channel: 'email',
    };
    // 8x8's action-submit, once, and the activity's value: what the visitor chose.
    await expect.poll(async () => (await agent.conversation()).cardSubmits.length).toBe(1);
    const conversation = await agent.conversation();
    expect(conversation.cardSubmits[0]).toMatchObject({
      cardId: 'card-feedback',
      value: { type: 'Action.Submit', data },
    });
    // The answer as a user message: its text for the agent, its one card the activity's value.
    const answer = conversation.messages.at(-1)!;
    expect(answer.author.type).toBe('user');
    expect(answer.text).toContain('Send feedback');
    expect(answer.cards).toEqual([
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'Action.Submit', data },
      },
    ]);
    // Locked at once: every control of the card.
    await expect(send).toBeDisabled();
    await expect(card.getByRole('textbox', { name: 'Comments' })).toBeDisabled();
    await expect(card.getByRole('radio', { name: '4' })).toBeDisabled();
    await expectAccessible(page);

    await page.reload();
    const { launcher } = widget(page);
    if (await launcher.isVisible()) {
      const expanded = await launcher.getAttribute('aria-expanded');
      if (expanded !== 'true') await launcher.click();
    }
    const again = widget(page).log.locator('form.card');
    await expect(again.getByRole('button', { name: 'Send feedback' })).toBeDisabled();
    await expect(again.getByRole('combobox', { name: 'Preferred channel' })).toBeDisabled();
    await expectAccessible(page);
    // Still once, after the reload too.
    await page.waitForTimeout(500);
    expect((await agent.conversation()).cardSubmits).toHaveLength(1);
  });
}

test('a carousel: by keyboard and by swipe; its postback reaches 8x8 as a quick reply', async ({
  page,
  site,
  agent,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const { log } = await startChat(page, site.page(), 'Show me shirts');
  await agent.accept();
  await sendCards(agent, 'carousel');
  const carousel = log.getByRole('region', { name: 'Cards' });
  await expect(carousel.getByRole('group', { name: 'Card 1 of 3' })).toContainText('Red shirt');
  await expectAccessible(page);

  // Keyboard: Tab to its buttons, the arrow keys move between slides.
  const next = carousel.getByRole('button', { name: 'Next card' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(carousel.getByRole('group', { name: 'Card 2 of 3' })).toContainText('Green shirt');
  await page.keyboard.press('ArrowRight');
  await expect(carousel.getByRole('group', { name: 'Card 3 of 3' })).toContainText('Blue shirt');
  await expect(next).toBeFocused();
  // Past the last, the first: the buttons never go dead under the keyboard's focus.
  await page.keyboard.press('ArrowRight');
  await expect(carousel.getByRole('group', { name: 'Card 1 of 3' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(carousel.getByRole('group', { name: 'Card 2 of 3' })).toBeVisible();

  // Swipe: a pointer dragged across the slide, to the left for the next one.
  const box = (await carousel.getByRole('group').boundingBox())!;
  const y = box.y + box.height / 3;
  await page.mouse.move(box.x + box.width - 10, y);
  await page.mouse.down();
  await page.mouse.move(box.x + 10, y, { steps: 5 });
  await page.mouse.up();
  await expect(carousel.getByRole('group', { name: 'Card 3 of 3' })).toBeVisible();
  await page.mouse.move(box.x + 10, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 10, y, { steps: 5 });
  await page.mouse.up();
  await expect(carousel.getByRole('group', { name: 'Card 2 of 3' })).toBeVisible();
  await expectAccessible(page);

  await carousel.getByRole('button', { name: 'Pick green' }).click();
  await expect.poll(() => agent.received()).toEqual(['Show me shirts', 'Pick green']);
  expect((await agent.conversation()).messages.at(-1)?.cards).toEqual([
    {
      contentType: 'application/8x8.quick.replies',
      content: { options: [{ title: 'Pick green', data: { postback: 'green' } }] },
    },
  ]);
});

test('suggestions: a chosen one reaches 8x8 with its postback', async ({ page, site, agent }) => {
  const { log } = await startChat(page, site.page(), 'Hello');
  await agent.accept();
  await sendCards(agent, 'suggestions');
  const suggestions = log.getByRole('group', { name: 'Suggested replies' });
  await expect(suggestions.getByRole('button', { name: 'Opening hours' })).toBeVisible();
  await expectAccessible(page);
  await suggestions.getByRole('button', { name: 'Talk to a person' }).click();
  await expect.poll(() => agent.received()).toEqual(['Hello', 'Talk to a person']);
  expect((await agent.conversation()).messages.at(-1)?.cards).toEqual([
    {
      contentType: 'application/8x8.quick.replies',
      content: { options: [{ title: 'Talk to a person', data: { postback: 'agent' } }] },
    },
  ]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`markdown from the agent: bold, code, a list and a link, drawn by its own chunk (${theme})`, async ({
    page,
    site,
    agent,
  }) => {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    const chunks = chunkFiles();
    const fetched = fetchedFiles(page);
    const { log } = await startChat(page, site.page(), 'How do I reset it');
    await agent.accept();
    await agent.say('Plain words first');
    await expect(log.getByText('Plain words first')).toBeVisible();
    // Plain words load neither the formatted-text chunk nor the card chunk.
    expect(fetched).not.toContain(chunks.markdown);
    await agent.say(
      'Hold **the button** and run `reset --all`:\n- unplug it\n- wait ten seconds\nSee [the guide](https://example.com/guide).',
    );
    const bubble = log.locator('.message').filter({ hasText: 'Hold' });
    await expect(bubble.locator('strong')).toHaveText('the button');
    await expect(bubble.locator('code')).toHaveText('reset --all');
    await expect(bubble.locator('li')).toHaveText(['unplug it', 'wait ten seconds']);
    await expect(bubble.getByRole('link', { name: 'the guide' })).toHaveAttribute(
      'href',
      'https://example.com/guide',
    );
    expect(fetched).toContain(chunks.markdown);
    expect(fetched).not.toContain(chunks.cards);
    await expectAccessible(page);
  });
}

test('a hostile card and hostile markdown are shown inert', async ({ page, site, agent }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const { log } = await startChat(page, site.page(), 'Hello');
  await agent.accept();
  await agent.say(
    '[click me](javascript:alert(1)) <img src=x onerror=alert(2)> **<script>alert(3)</script>**',
  );
  const conversation = await agent.conversation();
  agent.simulator.agentMessage(
    agent.id,
    conversation.id,
    '',
    [],
    [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [
            {
              type: 'TextBlock',
              text: '<b onmouseover=alert(4)>hover</b> [x](javascript:alert(5))',
            },
            { type: 'Image', url: 'javascript:alert(6)', altText: 'evil image' },
            { type: 'Image', url: 'data:image/svg+xml,<svg onload=alert(7)>', altText: 'svg' },
          ],
          actions: [
            { type: 'Action.OpenUrl', title: 'Open', url: 'javascript:alert(8)' },
            { type: 'Action.OpenUrl', title: 'Phish', url: 'https://bank.example@evil.example/' },
          ],
        },
      },
    ],
  );
  const card = log.locator('form.card');
  await expect(card.getByText('<b onmouseover=alert(4)>hover</b>', { exact: false })).toBeVisible();
  const hostile = log.locator('.message').filter({ hasText: 'click me' });
  await expect(hostile).toContainText('<img src=x onerror=alert(2)>');
  await expect(hostile.locator('strong')).toHaveText('<script>alert(3)</script>');
  // Nothing runs, nothing links anywhere but the web.
  const unsafe = await log.evaluate((root) => {
    const found: string[] = [];
    for (const element of Array.from(root.querySelectorAll('*'))) {
      if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(element.tagName))
        found.push(element.tagName);
      for (const { name, value } of Array.from(element.attributes)) {
        if (name.startsWith('on')) found.push(`${element.tagName} ${name}`);
        if (['href', 'src'].includes(name) && !/^(https?:|mailto:|tel:|blob:)/i.test(value))
          found.push(`${element.tagName} ${name}=${value}`);
      }
    }
    return found;
  });
  expect(unsafe).toEqual([]);
  await expect(log.getByRole('link', { name: 'click me' })).toHaveCount(0);
  await expect(card.getByRole('link', { name: 'Open' })).toHaveCount(0);
  await expect(card.getByRole('link', { name: 'Phish' })).toHaveCount(0);
  await card.getByText('hover', { exact: false }).hover();
  await card.getByText('Open').click();
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  await expectAccessible(page);
});

test('at 320 px and right to left: a card fits, its carousel mirrors', async ({
  page,
  site,
  agent,
}) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(site.page({ lang: 'he', dir: 'rtl', attributes: { locale: 'he-IL' } }));
  const { launcher, panel, log } = widget(page);
  await launcher.click();
  const message = panel.getByRole('textbox');
  await message.fill('שלום');
  await message.press('Enter');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  await agent.accept();
  await sendCards(agent, 'feedback', 'layout', 'carousel');
  await expect(log.locator('form.card')).toHaveCount(3);
  // Nothing wider than the panel: no sideways scrolling in the log.
  const overflow = await log.evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const box of await log
    .locator('form.card')
    .evaluateAll((cards) =>
      cards.map((card) => card.getBoundingClientRect().toJSON() as DOMRect),
    )) {
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(320);
  }
  // Right to left: "next" is on the left, and the left arrow key goes to it.
  const carousel = log.getByRole('region', { name: 'כרטיסים' });
  const previous = (await carousel.getByRole('button', { name: 'הכרטיס הקודם' }).boundingBox())!;
  const next = (await carousel.getByRole('button', { name: 'הכרטיס הבא' }).boundingBox())!;
  expect(next.x).toBeLessThan(previous.x);
  await carousel.getByRole('button', { name: 'הכרטיס הבא' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(carousel.getByRole('group', { name: 'כרטיס 2 מתוך 3' })).toBeVisible();
  await expect(panel).toHaveAttribute('dir', 'rtl');
  await expectAccessible(page);
});
