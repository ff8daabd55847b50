import { expect, test } from './fixtures.js';

test('a visitor and an agent chat end to end through the proxy and the simulator', async ({
  browser,
  parley,
}) => {
  const visitorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const agent = await agentContext.newPage();

  // The visitor opens the demo site: only the loader is there, the app is not loaded yet.
  const appRequests: string[] = [];
  visitor.on('request', (request) => {
    if (request.url().includes('/widget/app-')) appRequests.push(request.url());
  });
  await visitor.goto(parley.url);
  const launcher = visitor.getByRole('button', { name: 'Chat with us' });
  await expect(launcher).toBeVisible();
  expect(appRequests).toHaveLength(0);

  await launcher.click();
  const panel = visitor.getByRole('dialog', { name: 'Northwind support' });
  await expect(panel).toBeVisible();
  expect(appRequests).toHaveLength(1);
  const message = panel.getByRole('textbox', { name: 'Message' });
  await expect(message).toBeFocused();
  await message.fill('hello');
  await message.press('Enter');
  const log = panel.getByRole('log', { name: 'Messages' });
  await expect(log.getByText('hello')).toBeVisible();
  await expect(log.getByText('Waiting for an agent (Customer Support)')).toBeVisible();

  // The agent sees the conversation waiting in the simulator's console, accepts and replies.
  await agent.goto(parley.demo!.agentUrl);
  const waiting = agent.getByRole('navigation', { name: 'Conversations' });
  await waiting.getByRole('button', { name: /Website visitor/ }).click();
  const chat = agent.getByRole('article');
  await expect(chat.getByText('hello')).toBeVisible();
  await chat.getByRole('button', { name: 'Accept' }).click();
  await expect(log.getByText('Agent joined the chat')).toBeVisible();

  await chat.getByRole('textbox', { name: 'Reply' }).fill('Hi! How can I help?');
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(log.getByText('Hi! How can I help?')).toBeVisible();

  // The visitor's message was confirmed by the proxy (not left pending).
  await expect(log.locator('[data-status="pending"]')).toHaveCount(0);

  await visitorContext.close();
  await agentContext.close();
});
