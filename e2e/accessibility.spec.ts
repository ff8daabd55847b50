import { expect, expectAccessible, PNG, test, widget, write } from './widget-fixtures.js';

test('keyboard only: open, write, end the chat, start again, close', async ({
  page,
  site,
  agent,
}) => {
  await page.goto(site.page({ attributes: { prechat: 'name*' } }));
  const { launcher, panel, log, message } = widget(page);
  // The page's own link, then the launcher.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(launcher).toBeFocused();
  expect(await launcher.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe(
    'solid',
  );
  await page.keyboard.press('Enter');
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  const name = panel.getByRole('textbox', { name: 'Name' });
  await expect(name).toBeFocused();
  await page.keyboard.type('Ada');
  await page.keyboard.press('Enter');
  await expect(message).toBeFocused();
  await page.keyboard.type('Typed, not clicked');
  await page.keyboard.press('Enter');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  await agent.accept();
  await expect(log.getByText('Agent joined the chat')).toBeVisible();

  // Back through the composer's buttons to the header's End chat.
  const endChat = panel.getByRole('button', { name: 'End chat' });
  for (
    let i = 0;
    i < 6 && !(await endChat.evaluate((e) => e === (e.getRootNode() as ShadowRoot).activeElement));
    i++
  ) {
    await page.keyboard.press('Shift+Tab');
  }
  await expect(endChat).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = panel.getByRole('alertdialog');
  await expect(confirm.getByRole('button', { name: 'End chat' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(panel).toBeVisible();
  await expect(message).toBeFocused();
  await endChat.focus();
  await page.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: 'End chat' })).toBeFocused();
  await page.keyboard.press('Enter');
  // The survey comes first, on its first choice; skipping it moves on to a new chat.
  await expect(panel.getByRole('radio', { name: '1 of 5' })).toBeFocused();
  await panel.getByRole('button', { name: 'Skip' }).focus();
  await page.keyboard.press('Enter');
  const again = panel.getByRole('button', { name: 'Start a new chat' });
  await expect(again).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(name).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(launcher).toBeFocused();
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no WCAG 2.2 AA violation in any state (${theme} theme)`, async ({
    page,
    site,
    agent,
  }) => {
    // "dark" here is the system's: data-theme="auto" (the default) follows it.
    await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: theme });
    await page.goto(
      site.page({
        attributes: {
          prechat: 'name*,email',
          consent: 'I agree to the terms.',
          greeting: 'Hi there!',
        },
      }),
    );
    const { launcher, panel, log, message } = widget(page);
    await expect(launcher).toBeVisible();
    await expectAccessible(page); // the launcher alone

    await launcher.click();
    expect(await panel.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
      theme === 'dark' ? 'rgb(28, 33, 40)' : 'rgb(255, 255, 255)',
    );
    await expectAccessible(page); // the pre-chat form
    await panel.getByRole('button', { name: 'Start chat' }).click();
    await expect(panel.getByText('Please fill in this field.')).toBeVisible();
    await expectAccessible(page); // the form with its errors
    await panel.getByRole('textbox', { name: 'Name' }).fill('Ada');
    await panel.getByRole('checkbox', { name: 'I agree to the terms.' }).check();
    await panel.getByRole('button', { name: 'Start chat' }).click();

    await write(message, 'Hello, see https://example.com');
    await expect(log.getByText('Waiting for an agent (Customer Support)')).toBeVisible();
    await expectAccessible(page); // queued

    await agent.accept();
    await agent.typing(true);
    await expect(panel.getByText('Agent is typing…')).toBeVisible();
    await agent.say('Hello! How can I help?');
    await expect(log.getByText('Hello! How can I help?')).toBeVisible();
    await expectAccessible(page); // a conversation

    await page.route('**/messages', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/problem+json',
        body: '{"detail":"no"}',
      }),
    );
    await write(message, 'This one fails');
    await expect(log.getByText('Not sent')).toBeVisible();
    await expectAccessible(page); // a failed message with its retry
    await page.unroute('**/messages');

    await panel.getByRole('button', { name: 'End chat' }).click();
    await expectAccessible(page); // the confirm
    await panel.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
    await expect(panel.getByRole('button', { name: 'Start a new chat' })).toBeVisible();
    await expectAccessible(page); // ended

    await panel.getByRole('button', { name: 'Close chat' }).click();
    await expectAccessible(page); // closed again
  });
}

test('Arabic: right to left, translated, with dates through Intl', async ({
  page,
  site,
  agent,
}) => {
  await page.goto(site.page({ lang: 'ar', attributes: { locale: 'ar' } }));
  const { launcher, panel } = widget(page);
  await launcher.click();
  await expect(panel).toHaveAttribute('dir', 'rtl');
  await expect(panel).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { name: 'تحدث معنا' })).toBeVisible();
  const message = panel.getByRole('textbox', { name: 'الرسالة' });
  await write(message, 'مرحبا');
  await agent.accept();
  await agent.say('أهلاً بك');
  const log = panel.getByRole('log', { name: 'الرسائل' });
  await expect(log.getByText('أهلاً بك')).toBeVisible();
  // The visitor's bubble sits at the inline end: the left, in Arabic.
  const mine = await log.locator('.mine .message').boundingBox();
  const theirs = await log.locator('.theirs .message').boundingBox();
  expect(mine!.x).toBeLessThan(theirs!.x);
  // Times in Arabic digits or Latin ones, as Intl writes them for "ar".
  const time = await log.locator('time.time').first().textContent();
  expect(time).toBe(
    await page.evaluate(
      (at) =>
        new Intl.DateTimeFormat('ar', { hour: 'numeric', minute: '2-digit' }).format(new Date(at)),
      (await log.locator('time.time').first().getAttribute('datetime'))!,
    ),
  );
  await expectAccessible(page);
});

test("the agent's files are targets of 24 × 24 CSS px at least (WCAG 2.2, 2.5.8)", async ({
  page,
  site,
  agent,
}) => {
  await page.goto(site.page());
  const { launcher, log, message } = widget(page);
  await launcher.click();
  await write(message, 'Can you send the invoice?');
  await agent.accept();
  await agent.sayRich('Here it is', {
    files: [
      { filename: 'a.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4') },
      { filename: 'dot.png', contentType: 'image/png', data: PNG },
    ],
  });
  const links = [
    log.getByRole('link', { name: 'a.pdf' }),
    log.getByRole('link', { name: 'dot.png' }),
  ];
  for (const link of links) {
    await expect(link).toBeVisible();
    const box = (await link.boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
  }
  await expectAccessible(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true });

  test('the panel fills the screen and the composer stays above the keyboard', async ({
    page,
    site,
  }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(site.page());
    const { launcher, panel, message } = widget(page);
    await launcher.click();
    const box = (await panel.boundingBox())!;
    expect([box.x, box.y, box.width, Math.round(box.height)]).toEqual([0, 0, 375, 667]);
    await expect(launcher).toBeHidden();

    // The on-screen keyboard takes the lower part: the visual viewport shrinks.
    await page.setViewportSize({ width: 375, height: 380 });
    await expect.poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(380);
    const composer = (await message.boundingBox())!;
    expect(composer.y + composer.height).toBeLessThanOrEqual(380);
    await expectAccessible(page);
  });
});
