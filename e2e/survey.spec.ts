import { ratingsCsv } from '../server/cli/export-ratings.js';
import { expect, expectAccessible, startChat, test } from './widget-fixtures.js';

/**
 * The survey after a chat in real Chromium: ended → rated → stored, at the
 * simulator (8x8) and in `parley export-ratings`; then the visitor's data deleted.
 */

test('the visitor rates the chat; the rating reaches 8x8 and the export, and deletion removes it', async ({
  page,
  site,
  parley,
  agent,
}) => {
  const since = new Date(Date.now() - 60_000).toISOString();
  const { panel } = await startChat(page, site.page(), 'Where is my parcel?');
  await panel.getByRole('button', { name: 'End chat' }).click();
  await panel.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();

  const group = panel.getByRole('radiogroup', { name: 'How was this chat?' });
  await expect(group).toBeVisible();
  await expect(panel.getByRole('radio', { name: '1 of 5' })).toBeFocused();
  await expectAccessible(page); // the survey
  await page.keyboard.press('ArrowRight'); // 2
  await page.keyboard.press('ArrowRight'); // 3
  await page.keyboard.press('ArrowRight'); // 4
  await expect(panel.getByRole('radio', { name: '4 of 5' })).toBeChecked();
  await panel.getByRole('textbox', { name: /Comment/ }).fill('=1+1 quick, "kind"');
  await panel.getByRole('button', { name: 'Send' }).click();
  await expect(panel.getByText('Thank you for your feedback!')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Start a new chat' })).toBeFocused();
  await expectAccessible(page); // thanked

  const conversation = await agent.conversation();
  await expect
    .poll(() => conversation.messages.map((m) => m.text).join('\n'))
    .toContain('[Parley survey] Rating: 4/5 — “=1+1 quick, "kind"”');

  // What `parley export-ratings` prints (its process is run by server/http/visitor-data.test.ts).
  const csv = ratingsCsv(await parley.store.ratings.since(since));
  expect(csv).toContain(`,stars,4,"'=1+1 quick, ""kind"""`);

  // The visitor's data on request, with the token the widget keeps.
  const saved = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((name) => name.startsWith('parley:'));
    return key ? localStorage.getItem(key) : null;
  });
  const { credentials } = JSON.parse(saved!) as {
    credentials: { conversationId: string; token: string };
  };
  const data = `${parley.url}/v1/conversations/${credentials.conversationId}/data`;
  const headers = { authorization: `Bearer ${credentials.token}`, origin: site.origin };
  const exportedData = await fetch(data, { headers });
  expect(exportedData.status).toBe(200);
  expect(JSON.stringify(await exportedData.json())).toContain('Where is my parcel?');
  expect((await fetch(data, { method: 'DELETE', headers })).status).toBe(204);
  expect((await fetch(data, { headers })).status).toBe(404);
  expect(ratingsCsv(await parley.store.ratings.since(since))).not.toContain(
    credentials.conversationId,
  );
});
