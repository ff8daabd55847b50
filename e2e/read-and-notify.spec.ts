import type {} from '../widget/parley.js';
import { expect, expectAccessible, startChat, test, widget } from './widget-fixtures.js';

test('an agent message seen in the open panel reaches 8x8 as a read receipt; the visitor’s shows Seen', async ({
  page,
  site,
  agent,
}) => {
  // As the demo does: the agent's read receipt comes before each reply.
  agent.simulator.faults.variants.set({ agentReadReceipts: 'on-reply' });
  const { log } = await startChat(page, site.page(), 'Where is my parcel?');
  await agent.accept();
  await agent.say('Let me check that for you.');
  await expect(log.getByText('Let me check that for you.')).toBeVisible();
  // The panel is open, the page visible and the bubble in view: read, and told (batched).
  await expect.poll(async () => (await agent.conversation()).userReadAt).toBeTruthy();
  const agentMessage = (await agent.conversation()).messages.find(
    (message) => message.author.type === 'agent',
  )!;
  expect((await agent.conversation()).userReadAt).toBe(agentMessage.createdAt);
  // The simulator's agent read the visitor's message before replying (8x8's read-receipts).
  const mine = log.locator('[data-status="delivered"]');
  await expect(mine).toContainText('Where is my parcel?');
  await expect(mine).toContainText('Seen');
  await expectAccessible(page);
});

test('notifications are offered only after the first message, and “No thanks” is kept', async ({
  page,
  site,
}) => {
  await page.goto(site.page());
  const { launcher, panel, message } = widget(page);
  await launcher.click();
  const prompt = panel.getByText('Be notified when we reply?');
  await expect(message).toBeVisible();
  await expect(prompt).toHaveCount(0);
  await message.fill('Hello');
  await message.press('Enter');
  await expect(prompt).toBeVisible();
  await expectAccessible(page);
  await panel.getByRole('button', { name: 'No thanks' }).click();
  await expect(prompt).toHaveCount(0);
  await page.reload();
  await launcher.click();
  await expect(panel.getByText('Hello')).toBeVisible();
  await expect(prompt).toHaveCount(0);
});

test('while the tab is hidden an agent message becomes a desktop notification: name and first words', async ({
  context,
  page,
  site,
  agent,
}) => {
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const shown: { title: string; body?: string }[] = [];
    (window as unknown as { shown: typeof shown }).shown = shown;
    const Original = window.Notification;
    window.Notification = class extends Original {
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, ...(options?.body !== undefined ? { body: options.body } : {}) });
        super(title, options);
      }
    } as typeof Notification;
  });
  const { log } = await startChat(page, site.page(), 'Hi');
  await agent.accept();
  // Granted already: no prompt. Visible: no notification either.
  await expect(widget(page).panel.getByText('Be notified when we reply?')).toHaveCount(0);
  await agent.say('Visible now');
  await expect(log.getByText('Visible now')).toBeVisible();

  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await agent.say('Your parcel left our warehouse this morning and should arrive tomorrow');
  const shown = () => page.evaluate(() => (window as unknown as { shown: unknown[] }).shown);
  await expect
    .poll(shown)
    .toEqual([{ title: 'Agent', body: 'Your parcel left our warehouse this morning and…' }]);
});

test('data-notifications="false": never offered', async ({ page, site }) => {
  await page.goto(site.page({ attributes: { notifications: 'false' } }));
  const { launcher, panel, message, log } = widget(page);
  await launcher.click();
  await message.fill('Hello');
  await message.press('Enter');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  await expect(panel.getByText('Be notified when we reply?')).toHaveCount(0);
});
