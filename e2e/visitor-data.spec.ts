import { expect, expectAccessible, startChat, test, widget } from './widget-fixtures.js';

/**
 * The visitor's data on request through the JS API, as a host page's privacy
 * centre would call it: `Parley.exportData()` gives what the proxy keeps,
 * `Parley.deleteData()` removes it at the proxy and from this browser.
 */

interface Saved {
  credentials: { conversationId: string; token: string };
}

/** What the widget keeps in this browser for its conversation, if anything. */
function savedConversation(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((name) => name.startsWith('parley:'));
    const value = key ? localStorage.getItem(key) : null;
    return value && value.includes('"credentials"') ? value : null;
  });
}

test("Parley.exportData() gives the visitor's conversation; deleteData() removes it there and here", async ({
  page,
  site,
  parley,
  agent,
}) => {
  const { panel, log } = await startChat(page, site.page(), 'My address is 1 Main Street');
  await agent.accept();
  await agent.say('Thanks, I have noted the address.');
  await expect(log.getByText('Thanks, I have noted the address.')).toBeVisible();

  const exported = await page.evaluate(() => window.Parley!.exportData());
  const text = JSON.stringify(exported);
  expect(text).toContain('My address is 1 Main Street');
  expect(text).toContain('Thanks, I have noted the address.');

  const saved = JSON.parse((await savedConversation(page))!) as Saved;
  const { conversationId, token } = saved.credentials;
  // The export holds the conversation, never the means to reach it.
  expect(text).not.toContain(token);

  await page.evaluate(() => window.Parley!.deleteData());
  // Gone here: no conversation kept, nothing of it on screen.
  expect(await savedConversation(page)).toBeNull();
  await expect(log.getByText('My address is 1 Main Street')).toHaveCount(0);
  await expectAccessible(page);
  // Gone there: the old token reaches nothing.
  const data = await fetch(`${parley.url}/v1/conversations/${conversationId}/data`, {
    headers: { authorization: `Bearer ${token}`, origin: site.origin },
  });
  expect([401, 404]).toContain(data.status);
  expect(await parley.store.sessions.get(conversationId)).toBeUndefined();

  // A reload starts afresh; with no conversation, exportData() has nothing to give.
  await page.reload();
  const { launcher } = widget(page);
  await launcher.click();
  await expect(panel).toBeVisible();
  await expect(log.getByText('My address is 1 Main Street')).toHaveCount(0);
  expect(await page.evaluate(() => window.Parley!.exportData())).toBeUndefined();
});
