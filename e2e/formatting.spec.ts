import { expect, startChat, test, widget } from './widget-fixtures.js';

/**
 * Markdown both ways, as people type it: the visitor's formatting is drawn in
 * their own bubble and reaches the agent's console formatted too (8x8 carries the
 * text as written); the agent's formatting, typed in the console, is drawn for
 * the visitor. Hostile markdown is covered by cards.spec.ts and the XSS corpus.
 */
test('markdown both ways: the visitor formats, the agent console shows it, the agent formats back', async ({
  browser,
  page,
  site,
  parley,
}) => {
  const { log, message } = await startChat(page, site.page(), 'Hello');
  // Shift+Enter breaks the line; Enter sends.
  await message.fill('**Order 1234** is `late`:');
  await message.press('Shift+Enter');
  await message.pressSequentially('- shipped Monday');
  await message.press('Shift+Enter');
  await message.pressSequentially('- still not here');
  await message.press('Enter');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(2);

  const mine = log.locator('.mine .message').filter({ hasText: 'Order 1234' });
  await expect(mine.locator('strong')).toHaveText('Order 1234');
  await expect(mine.locator('code')).toHaveText('late');
  await expect(mine.locator('li')).toHaveText(['shipped Monday', 'still not here']);
  // Drawn, not echoed as the characters typed.
  await expect(mine).not.toContainText('**');

  // The agent's console: the same words, formatted the same way.
  const context = await browser.newContext();
  try {
    const agent = await context.newPage();
    await agent.goto(`${parley.demo!.agentUrl}?agent=agent-alex`);
    await agent
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /Website visitor/ })
      .click();
    const chat = agent.getByRole('article');
    await chat.getByRole('button', { name: 'Accept' }).click();
    const received = chat.getByRole('listitem').filter({ hasText: 'Order 1234' });
    await expect(received.locator('strong')).toHaveText('Order 1234');
    await expect(received.locator('code')).toHaveText('late');
    await expect(received.locator('li')).toHaveText(['shipped Monday', 'still not here']);

    // The agent answers with formatting of their own, typed in the console.
    const reply = chat.getByRole('textbox', { name: 'Reply' });
    await reply.fill(
      '_Sorry_ about that: it ships ~~Monday~~ **Tuesday**. See [tracking](https://example.com/track)',
    );
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(chat.getByRole('listitem').filter({ hasText: 'Sorry' }).locator('em')).toHaveText(
      'Sorry',
    );
  } finally {
    await context.close();
  }

  const theirs = widget(page).log.locator('.theirs .message').filter({ hasText: 'Sorry' });
  await expect(theirs.locator('em')).toHaveText('Sorry');
  await expect(theirs.locator('del')).toHaveText('Monday');
  await expect(theirs.locator('strong')).toHaveText('Tuesday');
  await expect(theirs.getByRole('link', { name: 'tracking' })).toHaveAttribute(
    'href',
    'https://example.com/track',
  );
  await expect(theirs).not.toContainText('~~');
});
