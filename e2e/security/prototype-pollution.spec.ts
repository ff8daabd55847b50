import type { Page } from '@playwright/test';
import { expect, startChat, test, widget, write } from '../widget-fixtures.js';

/**
 * A host page that has put properties on Object.prototype before the widget's tag loads (a
 * sloppy library, or an attacker through a prototype-pollution bug of the page): the keys
 * Preact reads from props, the widget's option names, the fields of the proxy's events.
 * The widget shares the page's JavaScript realm, so every plain object it made used to
 * "have" them: the panel came up blank (dangerouslySetInnerHTML), or broke on the first
 * element with a ref, or showed a consent box the site never asked for.
 */
const POLLUTION: Record<string, unknown> = {
  // What Preact reads from props and elements, and its plugin hooks.
  hidden: true,
  open: true,
  disabled: true,
  type: 'polluted',
  children: 'polluted',
  key: 'polluted',
  ref: 'polluted',
  dangerouslySetInnerHTML: { __html: '<b id="polluted">polluted</b>' },
  __html: '<b id="polluted">polluted</b>',
  event: 'polluted',
  vnode: 'polluted',
  diffed: 'polluted',
  unmount: 'polluted',
  // The widget's options (widget/loader/options.ts).
  proxy: 'https://evil.example/',
  title: 'Polluted title',
  subtitle: 'Polluted subtitle',
  locale: 'de',
  prechat: 'phone*',
  consent: 'Polluted consent',
  greeting: 'Polluted greeting',
  launcherLabel: 'Polluted launcher',
  accent: 'red',
  position: 'left',
  theme: 'dark',
  zIndex: '1',
  nonce: 'polluted',
  sound: 'on',
  // Fields an event from the proxy may lack, and the widget's own state.
  clientMessageId: 'polluted',
  authorName: 'Polluted author',
  quickReplies: 'polluted',
  upload: 'polluted',
  preview: 'https://evil.example/x.png',
  attachmentId: 'polluted',
  status: 'failed',
  reason: 'polluted',
  queueName: 'Polluted queue',
  name: 'Polluted name',
  url: 'https://evil.example/',
};

/** Puts POLLUTION on Object.prototype before any script of every page of the test runs. */
const pollute = (page: Page) =>
  page.addInitScript((pollution) => {
    for (const [key, value] of Object.entries(pollution)) {
      (Object.prototype as Record<string, unknown>)[key] = value;
    }
  }, POLLUTION);

test('Object.prototype polluted before the tag loads: the form, the composer and the chat still work', async ({
  page,
  site,
  agent,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await pollute(page);
  await page.goto(site.page({ attributes: { prechat: 'name*' } }));
  const { launcher, panel, log, message } = widget(page);
  await expect(page.getByRole('button', { name: 'Chat with us' })).toBeVisible();
  await launcher.click();

  // The form the site asked for, nothing the page added.
  await expect(panel.getByRole('heading', { name: 'Chat with us' })).toBeVisible();
  await expect(panel.getByRole('textbox', { name: 'Name' })).toBeVisible();
  await expect(panel.getByRole('textbox', { name: /Phone/ })).toHaveCount(0);
  await expect(panel.getByRole('checkbox')).toHaveCount(0);
  await expect(panel.getByText(/Polluted/)).toHaveCount(0);
  await panel.getByRole('textbox', { name: 'Name' }).fill('Ada');
  await panel.getByRole('button', { name: 'Start chat' }).click();

  await write(message, 'hello from this page');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  expect(await agent.received()).toEqual(['hello from this page']);
  await agent.accept();
  await agent.say('Hi Ada, the agent here');
  await expect(log.getByText('Hi Ada, the agent here', { exact: true })).toBeVisible();
  await expect(log.getByRole('button')).toHaveCount(0);
  await expect(panel.getByRole('status')).toHaveCount(0);
  await expect(panel.getByText(/Polluted|polluted/)).toHaveCount(0);
  // Nothing from the polluted dangerouslySetInnerHTML (page.evaluate: Playwright's own
  // element helpers run in the page and read the polluted keys too).
  const injected = await page.evaluate(
    () => document.querySelector('[data-parley]')?.shadowRoot?.querySelector('#polluted') ?? null,
  );
  expect(injected).toBeNull();
  expect(errors).toEqual([]);
});

test('a reload on the polluted page brings the conversation back', async ({
  page,
  site,
  agent,
}) => {
  await pollute(page);
  const { log } = await startChat(page, site.page(), 'before the reload');
  await agent.accept();
  await agent.say('still here');
  await expect(log.getByText('still here', { exact: true })).toBeVisible();
  await page.reload();
  await widget(page).launcher.click();
  await expect(log.getByText('before the reload', { exact: true })).toBeVisible();
  await expect(log.getByText('still here', { exact: true })).toBeVisible();
});
