import type {} from '../widget/parley.js';
import { expect, PNG, SQUARE_PNG, startChat, test, widget, write } from './widget-fixtures.js';

test('pre-chat, then a conversation: queue, agent, typing both ways, replies', async ({
  page,
  site,
  agent,
}) => {
  await page.goto(
    site.page({
      attributes: { prechat: 'name*,email', consent: 'I agree to the privacy policy.' },
    }),
  );
  const { launcher, panel, log, message } = widget(page);
  await launcher.click();
  const name = panel.getByRole('textbox', { name: 'Name' });
  await expect(name).toBeFocused();
  await panel.getByRole('button', { name: 'Start chat' }).click();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.getByText('Please agree to continue.')).toBeVisible();
  await name.fill('Ada Lovelace');
  await panel.getByRole('textbox', { name: 'Email (optional)' }).fill('ada@example.com');
  await panel.getByRole('checkbox', { name: 'I agree to the privacy policy.' }).check();
  await panel.getByRole('button', { name: 'Start chat' }).click();

  await expect(message).toBeFocused();
  await write(message, 'My order has not arrived');
  await expect(log.getByText('My order has not arrived')).toBeVisible();
  await expect(log.getByText('Waiting for an agent (Customer Support)')).toBeVisible();
  const conversation = await agent.conversation();
  expect(conversation.user).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);

  await agent.accept();
  await expect(log.getByText('Agent joined the chat')).toBeVisible();
  // The visitor types: the agent sees it.
  await message.fill('It was');
  await expect.poll(async () => (await agent.conversation()).userTyping).toBe(true);
  // The agent types: the visitor sees it.
  await agent.typing(true);
  await expect(panel.getByText('Agent is typing…')).toBeVisible();
  await agent.say('Sorry to hear that! Let me look.');
  await expect(panel.getByText('Agent is typing…')).toHaveCount(0);
  await expect(log.getByText('Sorry to hear that! Let me look.')).toBeVisible();
  await expect(log.locator('time').first()).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  expect(await agent.received()).toEqual(['My order has not arrived']);
});

test('a failed send keeps its text and is retried with the same id, sent once', async ({
  page,
  site,
  agent,
}) => {
  const { log, message } = await startChat(page, site.page(), 'first');

  // The proxy refuses the next sends (as a proxy in trouble would).
  const bodies: string[] = [];
  await page.route('**/messages', async (route) => {
    bodies.push(route.request().postData() ?? '');
    await route.fulfill({
      status: 400,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Bad', status: 400, detail: 'Refused.' }),
    });
  });
  await write(message, 'second');
  const failed = log.locator('[data-status="failed"]');
  await expect(failed).toContainText('second');
  await expect(failed).toContainText('Not sent');

  await page.unroute('**/messages');
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(log.locator('[data-status="sent"]')).toHaveCount(2);
  await expect.poll(() => agent.received()).toEqual(['first', 'second']);
  // The retry carried the client message id of the failed attempt: the proxy logged it once.
  const id = (JSON.parse(bodies[0]!) as { clientMessageId: string }).clientMessageId;
  const session = await agent.parley.store.sessions.findByUpstreamId(
    (await agent.conversation()).id,
  );
  const events = await agent.parley.store.events.readAfter(session!.conversationId, 0, 100);
  expect(
    events.events.filter((event) => event.type === 'message' && event.clientMessageId === id),
  ).toHaveLength(1);
});

test('messages written offline wait in the outbox and go, in order, once, when the connection returns', async ({
  page,
  context,
  site,
  agent,
}) => {
  const { panel, log, message } = await startChat(page, site.page(), 'online first');

  await context.setOffline(true);
  await expect(panel.getByRole('status')).toContainText('You are offline');
  for (const text of ['one', 'two', 'three']) {
    await write(message, text);
  }
  await expect(log.locator('[data-status="pending"]')).toHaveCount(3);
  await context.setOffline(false);
  await expect(log.locator('[data-status="sent"]')).toHaveCount(4);
  await expect.poll(() => agent.received()).toEqual(['online first', 'one', 'two', 'three']);
});

test('files: an image goes up with a preview, within the proxy’s limits', async ({
  page,
  site,
  agent,
}) => {
  const { panel, log } = await startChat(page, site.page(), 'Here is a photo');

  await panel
    .locator('input[type=file]')
    .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
  const preview = log.getByRole('img', { name: 'receipt.png' });
  await expect(preview).toBeVisible();
  await expect(preview).toHaveAttribute('src', /^blob:/);
  await expect(log.locator('[data-status="sent"]')).toHaveCount(2);
  const conversation = await agent.conversation();
  expect(conversation.attachments.map((file) => file.filename)).toEqual(['receipt.png']);
  expect(conversation.messages.at(-1)!.attachmentIds).toHaveLength(1);

  // A type the proxy does not take is refused before anything is sent.
  await panel.locator('input[type=file]').setInputFiles({
    name: 'tool.exe',
    mimeType: 'application/x-msdownload',
    buffer: Buffer.from('MZ'),
  });
  await expect(panel.getByRole('alert')).toHaveText('This type of file cannot be sent.');
  expect(conversation.attachments).toHaveLength(1);
});

test('the agent’s files and quick replies: shown, opened, answered with one click', async ({
  page,
  site,
  agent,
}) => {
  const { panel, log } = await startChat(page, site.page(), 'I need the invoice');
  await agent.accept();
  await agent.sayRich('Here it is. Anything else?', {
    files: [
      { filename: 'invoice.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4') },
      { filename: 'map.png', contentType: 'image/png', data: PNG },
    ],
    quickReplies: [
      { title: 'No, thanks', postback: 'done' },
      { title: 'Yes, a refund', postback: 'refund' },
    ],
  });
  const image = log.getByRole('img', { name: 'map.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  const file = log.getByRole('link', { name: 'invoice.pdf' });
  // Through the proxy, never 8x8's storage: its pre-signed URLs expire.
  await expect(file).toHaveAttribute(
    'href',
    /^http:\/\/localhost:\d+\/v1\/conversations\/[^/]+\/attachments\/[^/]+\/content\?token=/,
  );
  await expect(file).toHaveAttribute('rel', 'noopener noreferrer');

  const replies = panel.getByRole('group', { name: 'Suggested replies' });
  await replies.getByRole('button', { name: 'Yes, a refund' }).click();
  await expect(replies).toHaveCount(0);
  await expect(log.locator('[data-status="sent"]')).toHaveCount(2);
  await expect.poll(() => agent.received()).toEqual(['I need the invoice', 'Yes, a refund']);
  // The chosen option's postback went to 8x8 with its title, for a bot to route on.
  expect((await agent.conversation()).messages.at(-1)?.cards).toEqual([
    {
      contentType: 'application/8x8.quick.replies',
      content: { options: [{ title: 'Yes, a refund', data: { postback: 'refund' } }] },
    },
  ]);
});

test('the agent’s files still open the next day, after 8x8’s pre-signed URLs expired', async ({
  page,
  site,
  agent,
  parley,
}) => {
  const { log, launcher } = await startChat(page, site.page(), 'Can I have the map?');
  await agent.accept();
  await agent.sayRich('The map and the invoice', {
    files: [
      // Big enough to click on, as a visitor does.
      { filename: 'map.png', contentType: 'image/png', data: SQUARE_PNG },
      { filename: 'invoice.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4') },
    ],
  });
  await expect(log.getByRole('img', { name: 'map.png' })).toBeVisible();
  const conversation = await agent.conversation();
  const preSigned = agent.simulator.preSignedUrl(conversation.id, conversation.attachments[0]!.id);
  agent.simulator.expirePreSignedUrls();
  expect((await page.request.get(preSigned)).status()).toBe(403);

  // Tomorrow: the page is opened again and the transcript read back.
  await page.reload();
  await launcher.click();
  const image = log.getByRole('img', { name: 'map.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(24);

  // The image opens in a tab of its own, from the proxy.
  const [tab] = await Promise.all([page.waitForEvent('popup'), image.click()]);
  await tab.waitForLoadState();
  expect(tab.url().startsWith(`${parley.url}/v1/conversations/`)).toBe(true);
  expect(await tab.evaluate(() => document.contentType)).toBe('image/png');
  await tab.close();

  // The PDF downloads from the proxy, under its name.
  const href = await log.getByRole('link', { name: 'invoice.pdf' }).getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect(pdf.headers()['content-disposition']).toMatch(/^attachment; filename="invoice\.pdf"/);
  expect(await pdf.text()).toBe('%PDF-1.4');
});

test('end chat: asked first, then the closed state, the transcript, and a new chat', async ({
  page,
  site,
  agent,
}) => {
  const { panel, log, message } = await startChat(page, site.page(), 'Thanks for the help');
  await agent.accept();
  await agent.say('You are welcome!');
  await expect(log.getByText('You are welcome!')).toBeVisible();

  await panel.getByRole('button', { name: 'End chat' }).click();
  const confirm = panel.getByRole('alertdialog');
  await expect(confirm).toContainText('End this chat?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await panel.getByRole('button', { name: 'End chat' }).click();
  await confirm.getByRole('button', { name: 'End chat' }).click();
  await expect(log.getByText('The chat has ended')).toHaveCount(1);
  await expect(message).toHaveCount(0);
  await expect.poll(async () => (await agent.conversation()).userRemoved).toBe(true);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Download transcript' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Chat transcript-\d{4}-\d\d-\d\d\.txt$/);
  const text = await (await download.createReadStream()).toArray();
  const transcript = Buffer.concat(text).toString('utf8');
  expect(transcript).toContain('You: Thanks for the help');
  expect(transcript).toContain('Agent: You are welcome!');

  await panel.getByRole('button', { name: 'Start a new chat' }).click();
  await expect(message).toBeFocused();
  await expect(log.getByText('Thanks for the help')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  await write(message, 'A new question');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  expect(agent.simulator.conversations.size).toBe(2);
});

test('a chat the proxy refuses to start says so, and tells the page', async ({ page, site }) => {
  await page.goto(site.page({ head: '<script>window.errors = [];</script>' }));
  await page.evaluate(() =>
    window.Parley!.on('error', (detail) =>
      (window as unknown as { errors: unknown[] }).errors.push(detail),
    ),
  );
  await page.route('**/v1/conversations', (route) =>
    route.fulfill({
      status: 403,
      contentType: 'application/problem+json',
      body: JSON.stringify({ title: 'Origin not allowed', status: 403, detail: 'Not this site.' }),
    }),
  );
  const { launcher, panel, log, message } = widget(page);
  await launcher.click();
  await write(message, 'Hello?');
  await expect(panel.getByRole('alert')).toHaveText('The chat could not start. Please try again.');
  await expect(log.locator('[data-status="failed"]')).toContainText('Hello?');
  expect(await page.evaluate(() => (window as unknown as { errors: unknown[] }).errors)).toEqual([
    { message: 'Not this site.' },
  ]);
});
