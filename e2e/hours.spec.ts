import type { Page } from '@playwright/test';
import { startTestParley } from '../test/support/demo.js';
import { type LocalSmtpServer, startSmtpServer } from '../test/support/smtp-server.js';
import { Agent, expect, expectAccessible, test, widget, write } from './widget-fixtures.js';

/**
 * Business hours in real Chromium (issue 17): closed by OPENING_HOURS, the
 * offline form delivered (a real SMTP server on loopback, the simulator's
 * offline queue) and acknowledged, never lost to an outage or a reload;
 * departments routing the chat to their queue at 8x8; the transcript by email.
 * Each test starts its own proxy with the environment it needs.
 */

const today = new Date().toISOString().slice(0, 10);
/** Open every day, except that today is a holiday: closed now, open again tomorrow 00:00 UTC. */
const CLOSED_TODAY = {
  OPENING_HOURS: 'sun-sat 00:00-24:00',
  OPENING_HOURS_TIME_ZONE: 'UTC',
  OPENING_HOURS_HOLIDAYS: today,
};

type Parley = Awaited<ReturnType<typeof startTestParley>>;
const running: Parley[] = [];
const mailServers: LocalSmtpServer[] = [];
test.afterEach(async () => {
  for (const parley of running.splice(0)) {
    parley.parley.proxy.server.closeAllConnections();
    await parley.close();
  }
  await Promise.all(mailServers.splice(0).map((server) => server.stop()));
});

async function proxyFor(
  hostServer: { origin: string; setProxy(url: string): void },
  env: Record<string, string>,
) {
  const parley = await startTestParley({
    ALLOWED_ORIGINS: hostServer.origin,
    OUTBOX_RETRY_BASE_MS: '50',
    OUTBOX_RETRY_MAX_MS: '200',
    ...env,
  });
  running.push(parley);
  hostServer.setProxy(parley.parley.url);
  return parley;
}

async function mailServer() {
  const server = await startSmtpServer();
  mailServers.push(server);
  return server;
}

/** axe over the widget in the light theme and in the dark one (data-theme="auto" follows the system). */
async function expectAccessibleBothThemes(page: Page) {
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await expectAccessible(page);
  }
}

const tomorrowText = (locale: string, timeZone: string) => {
  const tomorrow = new Date(`${today}T00:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(tomorrow);
};

test.describe('closed hours', () => {
  test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

  test('the offline message survives an outage and a reload, reaches the inbox once, and is acknowledged', async ({
    page,
    hostServer,
  }) => {
    test.setTimeout(180_000); // eight axe runs, a reload and a backoff on a shared CPU
    const mail = await mailServer();
    await proxyFor(hostServer, {
      ...CLOSED_TODAY,
      SMTP_URL: mail.url,
      SMTP_FROM: 'parley@example.com',
      OFFLINE_EMAIL_TO: 'support@example.com',
    });
    // The proxy cannot be reached from the page: every offline message POST fails.
    await page.route('**/v1/offline-messages', (route) => route.abort('connectionrefused'));
    const { launcher, panel } = widget(page);
    await page.goto(hostServer.page());
    await launcher.click();

    // The opening, in the visitor's time zone (New York), not the proxy's (UTC).
    await expect(
      panel.getByText(`We are closed. We open again ${tomorrowText('en-US', 'America/New_York')}.`),
    ).toBeVisible();
    expect(tomorrowText('en-US', 'America/New_York')).toMatch(/(EST|EDT)$/);
    const name = panel.getByRole('textbox', { name: 'Name' });
    await expect(name).toBeFocused();
    await expect(panel.getByRole('textbox', { name: 'Message', exact: true })).toBeVisible();
    await expectAccessibleBothThemes(page); // the closed panel and its form

    // Keyboard only: type, Tab, Space on the consent box, Enter on the button.
    await name.fill('Ada Lovelace');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-an-address');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Please call me back about order 1234.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const email = panel.getByRole('textbox', { name: 'Email' });
    await expect(email).toBeFocused();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(panel.getByText('Enter an email address like name@example.com.')).toBeVisible();
    await expectAccessibleBothThemes(page); // an error on a field
    await email.fill('ada@example.com');
    await email.press('Enter');

    const saved = panel.getByText(/Your message is saved here/);
    await expect(saved).toBeVisible();
    await expectAccessibleBothThemes(page); // kept, waiting
    const kept = () =>
      page.evaluate(() =>
        Object.entries(localStorage)
          .filter(([key]) => key.startsWith('parley-offline:'))
          .map(([, value]) => value)
          .join(''),
      );
    expect(await kept()).toContain('order 1234');

    // Reload mid-outage: the message is still there and goes out once the proxy is back.
    await page.reload();
    await launcher.click();
    await expect(saved).toBeVisible();
    expect(await kept()).toContain('order 1234');
    expect(mail.received).toHaveLength(0);
    await page.unroute('**/v1/offline-messages');

    await expect(
      panel.getByText('Thank you! We have your message and will reply by email.'),
    ).toBeVisible({ timeout: 20_000 });
    await expectAccessibleBothThemes(page); // acknowledged
    expect(await kept()).toBe('');
    await expect.poll(() => mail.received.length, { timeout: 15_000 }).toBe(1);
    expect(mail.received[0]!.to).toEqual(['support@example.com']);
    expect(mail.received[0]!.raw).toMatch(/^Reply-To: ada@example\.com/m);
    expect(mail.received[0]!.raw).toContain('Please call me back about order 1234.');
    // Retried after the reload with the same id: stored once, mailed once.
    await page.waitForTimeout(500);
    expect(mail.received).toHaveLength(1);
  });

  test('the offline message reaches the offline queue at 8x8 as a conversation', async ({
    page,
    hostServer,
  }) => {
    const parley = await proxyFor(hostServer, {
      ...CLOSED_TODAY,
      OFFLINE_DELIVERY: 'queue',
      CC_OFFLINE_QUEUE_ID: '102',
    });
    const { launcher, panel } = widget(page);
    await page.goto(hostServer.page());
    await launcher.click();
    await panel.getByRole('textbox', { name: 'Name' }).fill('Grace Hopper');
    await panel.getByRole('textbox', { name: 'Email' }).fill('grace@example.com');
    await panel.getByRole('textbox', { name: 'Message', exact: true }).fill('Offline at night');
    await panel.getByRole('checkbox', { name: /agree to be contacted/ }).check();
    await panel.getByRole('button', { name: 'Send message' }).click();
    await expect(panel.getByText(/We have your message/)).toBeVisible();
    const simulator = parley.parley.demo!.simulator;
    await expect
      .poll(() =>
        [...simulator.conversations.values()].some(
          (conversation) =>
            conversation.queueId === '102' &&
            conversation.messages.some((message) => message.text === 'Offline at night'),
        ),
      )
      .toBe(true);
  });

  test('without the offline form, the closed panel only says when it opens', async ({
    page,
    hostServer,
  }) => {
    await proxyFor(hostServer, CLOSED_TODAY);
    const { launcher, panel } = widget(page);
    await page.goto(hostServer.page());
    await launcher.click();
    await expect(panel.getByText(/We are closed\. We open again/)).toBeVisible();
    await expect(panel.getByRole('textbox')).toHaveCount(0);
    await expectAccessibleBothThemes(page);
  });
});

test.describe('departments', () => {
  const DEPARTMENTS = 'sales:Sales=queue:103; billing:Billing and invoices=queue:102';

  test('the visitor picks one by keyboard and the chat reaches its queue at 8x8', async ({
    page,
    hostServer,
  }) => {
    const parley = await proxyFor(hostServer, { DEPARTMENTS });
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const { launcher, panel, message } = widget(page);
    // An id the proxy does not list: a warning, the picker still offered, nothing broken.
    await page.goto(hostServer.page({ attributes: { department: 'support' } }));
    await launcher.click();
    const picker = panel.getByRole('combobox', { name: 'Department' });
    await expect(picker).toBeFocused();
    await expect(picker).toHaveValue('');
    expect(warnings.join('\n')).toContain('no department "support"');
    await expectAccessibleBothThemes(page); // the picker
    await page.keyboard.press('ArrowDown'); // Sales
    await expect(picker).toHaveValue('sales');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Start chat
    await write(message, 'I would like a quote.');
    await expect(panel.getByRole('log').locator('[data-status="sent"]')).toHaveCount(1);
    const agent = new Agent(parley.parley);
    expect((await agent.conversation()).queueId).toBe('103');
  });

  test('data-department preselects one; setDepartment(id, { force: true }) skips the picker', async ({
    page,
    hostServer,
  }) => {
    const parley = await proxyFor(hostServer, { DEPARTMENTS });
    const { launcher, panel, message } = widget(page);
    await page.goto(hostServer.page({ attributes: { department: 'billing' } }));
    await launcher.click();
    await expect(panel.getByRole('combobox', { name: 'Department' })).toHaveValue('billing');

    await page.goto(hostServer.page());
    await page.evaluate(() => window.Parley!.setDepartment('billing', { force: true }));
    await launcher.click();
    await expect(message).toBeVisible();
    await expect(panel.getByRole('combobox')).toHaveCount(0);
    await write(message, 'About my invoice');
    const agent = new Agent(parley.parley);
    await expect.poll(async () => (await agent.conversation()).queueId).toBe('102');
  });
});

test('the transcript by email reaches the visitor through the local SMTP server', async ({
  page,
  hostServer,
}) => {
  test.setTimeout(180_000); // six axe runs on a shared CPU
  const mail = await mailServer();
  await proxyFor(hostServer, {
    SMTP_URL: mail.url,
    SMTP_FROM: 'parley@example.com',
    SURVEY: 'off',
  });
  const { launcher, panel, message } = widget(page);
  await page.goto(hostServer.page());
  await launcher.click();
  await write(message, 'Where is my parcel?');
  await expect(panel.getByRole('log').locator('[data-status="sent"]')).toHaveCount(1);
  await panel.getByRole('button', { name: 'End chat' }).click();
  await panel.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();

  const field = panel.getByRole('textbox', { name: 'Email' });
  await expect(field).toBeVisible();
  await expectAccessibleBothThemes(page); // the ended state with the field
  await field.fill('visitor@example');
  await panel.getByRole('button', { name: 'Email the transcript' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  await expect(panel.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await expectAccessibleBothThemes(page); // the address refused
  await field.fill('visitor@example.com');
  await field.press('Enter');
  await expect(panel.getByText('The transcript is on its way to your inbox.')).toBeVisible();
  await expectAccessibleBothThemes(page); // sent
  await expect.poll(() => mail.received.length, { timeout: 15_000 }).toBe(1);
  expect(mail.received[0]!.to).toEqual(['visitor@example.com']);
  expect(mail.received[0]!.raw).toContain('Where is my parcel?');
});
