import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, widget, write } from './widget-fixtures.js';

/** The language chunks this page fetched, by tag (their names are locale-<tag>-<hash>.js). */
function languagesFetched(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const tag = /\/widget\/locale-([\w-]+)-[\w-]{8}\.js$/.exec(request.url())?.[1];
    if (tag) fetched.push(tag);
  });
  return fetched;
}

test('data-locale="ru": only the Russian chunk is fetched, and counts are Russian', async ({
  page,
  site,
  agent,
}) => {
  const fetched = languagesFetched(page);
  await page.goto(site.page({ lang: 'ru', attributes: { locale: 'ru' } }));
  const { launcher, panel } = widget(page);
  await launcher.click();
  await expect(page.getByRole('heading', { name: 'Напишите нам' })).toBeVisible();
  await expect(panel).toHaveAttribute('lang', 'ru');
  await expect(panel).toHaveAttribute('dir', 'ltr');
  await write(panel.getByRole('textbox', { name: 'Сообщение' }), 'Здравствуйте');
  await agent.accept();
  await expect(panel.getByText(/присоединяется к чату/)).toBeVisible();

  await panel.getByRole('button', { name: 'Закрыть чат' }).click();
  await agent.say('Вы здесь?');
  await agent.say('Есть новости по заказу.');
  await expect(
    page.getByRole('button', { name: 'Напишите нам. 2 непрочитанных сообщения' }),
  ).toBeVisible();
  expect(fetched).toEqual(['ru']);
});

test.describe('a browser set to Traditional Chinese (zh-TW)', () => {
  test.use({ locale: 'zh-TW' });

  test('gets zh-Hant by itself, only that chunk, and stays accessible', async ({
    page,
    site,
    agent,
  }) => {
    const fetched = languagesFetched(page);
    await page.goto(site.page({ lang: 'zh-Hant' }));
    const { launcher, panel } = widget(page);
    await launcher.click();
    await expect(page.getByRole('heading', { name: '線上諮詢' })).toBeVisible();
    await expect(panel).toHaveAttribute('lang', 'zh-Hant');
    await write(panel.getByRole('textbox', { name: '訊息' }), '你好');
    await agent.accept();
    await agent.say('您好，有什麼可以幫您？');
    await expect(panel.getByText('您好，有什麼可以幫您？')).toBeVisible();
    await expectAccessible(page);
    expect(fetched).toEqual(['zh-Hant']);
  });
});

test('Hebrew is right to left and accessible', async ({ page, site }) => {
  const fetched = languagesFetched(page);
  await page.goto(site.page({ lang: 'he', dir: 'rtl', attributes: { locale: 'he-IL' } }));
  const { launcher, panel } = widget(page);
  await launcher.click();
  await expect(panel).toHaveAttribute('dir', 'rtl');
  await expect(panel).toHaveAttribute('lang', 'he');
  await expect(panel.getByRole('textbox', { name: 'הודעה' })).toBeVisible();
  await expectAccessible(page);
  expect(fetched).toEqual(['he']);
});
