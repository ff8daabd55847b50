import { expect, expectAccessible, test, widget, write } from './widget-fixtures.js';

type Box = { x: number; y: number; width: number; height: number };

/** The teaser: the greeting beside the launcher (data-greeting + data-teaser-delay). */
for (const theme of ['light', 'dark'] as const) {
  test(`the teaser shows after its delay, politely, and stays dismissed (${theme})`, async ({
    page,
    site,
  }) => {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.goto(
      site.page({ attributes: { greeting: 'Questions? We are here.', 'teaser-delay': '1.5' } }),
    );
    const link = page.getByRole('link', { name: 'A link on the page' });
    await link.focus();
    const teaser = page.locator('[data-parley] .teaser');
    await expect(teaser).toHaveAttribute('aria-live', 'polite', { timeout: 10_000 });
    await expect(teaser.getByRole('button', { name: 'Questions? We are here.' })).toBeVisible();
    // Not before its delay: counted from the page's load.
    expect(await page.evaluate(() => performance.now())).toBeGreaterThanOrEqual(1500);
    // It never takes focus.
    await expect(link).toBeFocused();
    await expectAccessible(page); // launcher and teaser

    await teaser.getByRole('button', { name: 'Dismiss' }).click();
    await expect(teaser).toHaveCount(0);
    await page.reload();
    await page.waitForTimeout(2500);
    await expect(teaser).toHaveCount(0);
  });
}

test('the teaser opens the chat when clicked', async ({ page, site }) => {
  await page.goto(site.page({ attributes: { greeting: 'Hello there', 'teaser-delay': '0' } }));
  const { panel } = widget(page);
  await page.locator('[data-parley] .teaser-text').click();
  await expect(panel).toBeVisible();
  await expect(page.locator('[data-parley] .teaser')).toHaveCount(0);
});

test('a hostile data-font or data-radius never reaches the style', async ({ page, site }) => {
  const warnings: string[] = [];
  page.on('console', (entry) => entry.type() === 'warning' && warnings.push(entry.text()));
  await page.goto(
    site.page({
      attributes: {
        font: 'x; } * { display: none',
        radius: 'calc(1px) ; color: red',
        accent: 'var(--x)',
      },
    }),
  );
  const { launcher, panel } = widget(page);
  await launcher.click();
  await expect(panel).toBeVisible();
  await expect.poll(() => warnings.length).toBeGreaterThanOrEqual(3);
  const radius = await panel.evaluate((element) => getComputedStyle(element).borderTopLeftRadius);
  expect(radius).toBe('12px');
});

test('the header never wraps at 320 px, End chat included', async ({ page, site, agent }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(site.page({ attributes: { title: 'Acme Customer Support Team' } }));
  const { launcher, panel, message, log } = widget(page);
  await launcher.click();
  await write(message, 'Hello');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  await agent.accept();
  const header = panel.locator('header');
  const endChat = header.getByRole('button', { name: 'End chat' });
  await expect(endChat).toBeVisible();
  const title = header.getByRole('heading');
  const close = header.getByRole('button', { name: 'Close chat' });
  const [h, t, e, c] = (await Promise.all(
    [header, title, endChat, close].map((part) => part.boundingBox()),
  )) as [Box, Box, Box, Box];
  // One line: the title is one line high, and every part sits inside the header's one row.
  expect(t.height).toBeLessThan(30);
  for (const box of [t, e, c]) {
    expect(box.y).toBeGreaterThanOrEqual(h.y);
    expect(box.y + box.height).toBeLessThanOrEqual(h.y + h.height);
  }
  expect(e.x + e.width).toBeLessThanOrEqual(c.x);
  expect(c.x + c.width).toBeLessThanOrEqual(320);
  // The composer fits too: its buttons on the text box's row.
  const composer = panel.locator('.composer');
  const send = (await composer.getByRole('button', { name: 'Send' }).boundingBox())!;
  const box = (await message.boundingBox())!;
  expect(send.y).toBeLessThan(box.y + box.height);
  expect(send.x + send.width).toBeLessThanOrEqual(320);
});

for (const motion of ['reduce', 'no-preference'] as const) {
  test(`motion: ${motion === 'reduce' ? 'none under reduced motion' : 'the panel and messages move'}`, async ({
    page,
    site,
    agent,
  }) => {
    await page.emulateMedia({ reducedMotion: motion });
    await page.goto(site.page());
    const { launcher, panel, message, log } = widget(page);
    await launcher.click();
    await write(message, 'Hello');
    await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
    await agent.accept();
    await agent.typing(true);
    await expect(panel.locator('.dots')).toBeVisible();
    const moving = await panel.evaluate(
      (element) => element.getAnimations({ subtree: true }).length,
    );
    if (motion === 'reduce') expect(moving).toBe(0);
    else expect(moving).toBeGreaterThan(0);
  });
}
