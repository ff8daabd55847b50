import type { Page } from '@playwright/test';
import { expect, startChat, test, widget, write } from './widget-fixtures.js';

/** Counts the event streams a page opens (EventSource requests). */
function countStreams(page: Page) {
  const streams: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/events?')) streams.push(request.url());
  });
  return streams;
}

test('reload: the conversation and its history come back, and the stream resumes', async ({
  page,
  site,
  agent,
}) => {
  const url = site.page();
  await page.goto(url);
  const { launcher, log, message } = widget(page);
  await launcher.click();
  await write(message, 'Before the reload');
  await agent.accept();
  await agent.say('Hello from the agent');
  await expect(log.getByText('Hello from the agent')).toBeVisible();

  await page.reload();
  // The app comes back at once (a conversation is active), with its history.
  await expect(launcher).toBeVisible();
  await launcher.click();
  await expect(log.getByText('Before the reload')).toBeVisible();
  await expect(log.getByText('Hello from the agent')).toBeVisible();
  await expect(log.getByText('Agent joined the chat')).toHaveCount(1);
  await agent.say('After the reload');
  await expect(log.getByText('After the reload')).toBeVisible();
  await write(message, 'Still here');
  await expect.poll(() => agent.received()).toEqual(['Before the reload', 'Still here']);
});

test('two tabs: one conversation in sync over one event stream, handed over when a tab closes', async ({
  context,
  site,
  agent,
}) => {
  const url = site.page();
  const first = await context.newPage();
  const firstStreams = countStreams(first);
  await first.goto(url);
  await widget(first).launcher.click();
  await write(widget(first).message, 'From the first tab');
  await agent.accept();

  const second = await context.newPage();
  const secondStreams = countStreams(second);
  await second.goto(url);
  await widget(second).launcher.click();
  await expect(widget(second).log.getByText('From the first tab')).toBeVisible();

  await agent.say('To both tabs');
  await expect(widget(first).log.getByText('To both tabs')).toBeVisible();
  await expect(widget(second).log.getByText('To both tabs')).toBeVisible();
  await write(widget(second).message, 'From the second tab');
  await expect(widget(first).log.getByText('From the second tab')).toBeVisible();
  expect(firstStreams.length + secondStreams.length).toBe(1);

  // The tab holding the stream closes: the other takes it over, from its last event.
  await first.close();
  await expect.poll(() => secondStreams.length).toBe(1);
  expect(secondStreams[0]).toMatch(/lastEventId=[1-9]/);
  await agent.say('Still in sync');
  await expect(widget(second).log.getByText('Still in sync')).toBeVisible();
  await expect(widget(second).log.getByText('To both tabs')).toHaveCount(1);
});

test('unread: a badge on the launcher, a count in one tab’s title, and one sound per browser', async ({
  context,
  site,
  agent,
}) => {
  // Count the chimes of every tab in one place.
  await context.exposeFunction('chimed', () => chimes++);
  let chimes = 0;
  await context.addInitScript(() => {
    const Original = window.AudioContext;
    window.AudioContext = class extends Original {
      override createOscillator() {
        (window as unknown as { chimed: () => void }).chimed();
        return super.createOscillator();
      }
    };
  });
  const url = site.page({ attributes: { sound: 'true' } });
  const first = await context.newPage();
  await first.goto(url);
  await widget(first).launcher.click();
  await write(widget(first).message, 'Hello');
  await agent.accept();
  const second = await context.newPage();
  await second.goto(url);
  await expect(widget(second).launcher).toBeVisible();

  // The visitor looks away: the panel is closed in both tabs.
  await first.bringToFront();
  await widget(first).panel.getByRole('button', { name: 'Close chat' }).click();
  const title = await first.title();
  await agent.say('Are you there?');
  await agent.say('I have news about your order.');
  for (const tab of [first, second]) {
    await expect(
      tab.getByRole('button', { name: 'Chat with us. 2 unread messages' }),
    ).toBeVisible();
    await expect(tab.locator('[data-parley] .badge')).toHaveText('2');
  }
  // The count in the title, like the sound, once per browser: the tab holding the stream.
  await expect(first).toHaveTitle(`(2) ${title}`);
  await expect(second).toHaveTitle(title);
  // Two messages, two tabs: each message chimed once (two notes each), in one tab only.
  await expect.poll(() => chimes).toBe(4);

  // Reading them in one tab clears the count everywhere.
  await widget(first).launcher.click();
  for (const tab of [first, second]) {
    await expect(tab.locator('[data-parley] .badge')).toHaveCount(0);
    await expect(tab).toHaveTitle(title);
  }
  expect(chimes).toBe(4);
});

test('a dropped connection shows a quiet banner and resumes without losing or repeating', async ({
  page,
  site,
  agent,
  parley,
}) => {
  await page.goto(site.page());
  const { launcher, panel, log, message } = widget(page);
  await launcher.click();
  await write(message, 'Hi');
  await agent.accept();
  await expect(log.getByText('Agent joined the chat')).toBeVisible();

  // The proxy answers the stream with an error for a while: EventSource gives up, our loop does not.
  await page.route('**/events?*', (route) => route.fulfill({ status: 503, body: '' }));
  parley.proxy.server.closeAllConnections();
  await expect(panel.getByRole('status')).toHaveText('Reconnecting…');
  await agent.say('Sent while you were away');
  await page.unroute('**/events?*');
  await expect(log.getByText('Sent while you were away')).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByRole('status')).toHaveCount(0);
  await agent.say('And after');
  await expect(log.getByText('And after')).toBeVisible();
  await expect(log.getByText('Sent while you were away')).toHaveCount(1);
});

test.describe('with a short history', () => {
  test.use({ parleyEnv: { MAX_EVENTS_PER_CONVERSATION: '10' } });

  test('a reset from the stream (history trimmed past our last event) reloads the transcript', async ({
    page,
    site,
    agent,
    parley,
  }) => {
    const { log } = await startChat(page, site.page(), 'Hi');
    await agent.accept();
    await expect(log.getByText('Agent joined the chat')).toBeVisible();

    // The stream drops; its reconnect waits until the agent has said more than is kept.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/events?*', async (route) => {
      await held;
      await route.continue();
    });
    parley.proxy.server.closeAllConnections();
    for (let n = 1; n <= 15; n++) await agent.say(`Message ${n}`);
    const conversationId = (
      await page.evaluate(() => JSON.parse(Object.values(localStorage)[0] as string))
    ).credentials.conversationId as string;
    await expect
      .poll(async () => (await parley.store.events.readAfter(conversationId, 0, 100)).events.at(-1))
      .toMatchObject({ type: 'message', text: 'Message 15' });
    release();

    await expect(log.getByText('Message 15')).toBeVisible();
    for (let n = 6; n <= 15; n++)
      await expect(log.getByText(`Message ${n}`, { exact: true })).toHaveCount(1);
    // What it showed before is gone with the history: the timeline is what the proxy keeps.
    await expect(log.getByText('Agent joined the chat')).toHaveCount(0);
    await expect(log.getByText('Message 1', { exact: true })).toHaveCount(0);
  });
});
