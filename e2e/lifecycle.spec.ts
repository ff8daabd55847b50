import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { loadConfig } from '../server/config.js';
import { startParley } from '../server/start.js';

/**
 * The whole 8x8 lifecycle as the visitor sees it, for both 8x8 APIs: queued →
 * an agent joins → typing and replies → transfer to another queue → another
 * agent joins → the agent ends the chat. Two agents work in their own consoles
 * (the simulator's stand-in for 8x8's Agent Workspace).
 */

/** The agent opens the waiting chat and accepts it. */
async function accept(agent: Page) {
  const waiting = agent.getByRole('navigation', { name: 'Conversations' });
  await waiting.getByRole('button', { name: /Website visitor/ }).click();
  const chat = agent.getByRole('article');
  await chat.getByRole('button', { name: 'Accept' }).click();
  await expect(chat.getByRole('button', { name: 'End chat' })).toBeVisible();
  return chat;
}

for (const api of ['chat-gateway', 'chat-api'] as const) {
  test(`queued, joined, transferred, rejoined and ended, as the visitor sees it (${api})`, async ({
    browser,
  }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-lifecycle-'));
    const contexts: BrowserContext[] = [];
    const page = async (url: string) => {
      const context = await browser.newContext();
      contexts.push(context);
      const opened = await context.newPage();
      await opened.goto(url);
      return opened;
    };
    const parley = await startParley(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        CC_API: api,
      }),
    );
    try {
      const visitor = await page(parley.url);
      await visitor.getByRole('button', { name: 'Chat with us' }).click();
      const panel = visitor.getByRole('dialog');
      const log = panel.getByRole('log');
      const message = panel.getByRole('textbox', { name: 'Message' });
      await message.fill('My bill looks wrong');
      await message.press('Enter');
      await expect(log.getByText(/Waiting for an agent.*Customer Support/)).toBeVisible();

      // The first agent accepts; the visitor sees them join, then type, then reply.
      const alex = await page(`${parley.demo!.agentUrl}?agent=agent-alex`);
      const alexChat = await accept(alex);
      await expect(log.getByText(/joined the chat/)).toHaveCount(1);
      if (api === 'chat-gateway') {
        // The agent typing shows in the widget (the legacy API has no typing events).
        await alexChat.getByRole('textbox', { name: 'Reply' }).fill('One moment');
        await expect(panel.getByText(/is typing/)).toBeVisible();
      }
      await alexChat.getByRole('textbox', { name: 'Reply' }).fill('That is for Billing');
      await alexChat.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(log.getByText('That is for Billing')).toBeVisible();

      // The first agent transfers the chat to Billing; it waits there.
      await alexChat
        .getByRole('combobox', { name: 'Transfer to' })
        .selectOption({ label: 'Billing' });
      await alexChat.getByRole('button', { name: 'Transfer' }).click();
      await expect(log.getByText(/transferred/)).toBeVisible();
      await expect(log.getByText(/Waiting for an agent.*Billing/)).toBeVisible();

      // Another agent takes it from the Billing queue and replies.
      const sam = await page(`${parley.demo!.agentUrl}?agent=agent-sam`);
      const samChat = await accept(sam);
      // The transfer and the new agent's arrival are one event: "Transferred to …".
      await expect(log.getByText(/Transferred to/)).toBeVisible();
      await samChat.getByRole('textbox', { name: 'Reply' }).fill('Sam from Billing here');
      await samChat.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(log.getByText('Sam from Billing here')).toBeVisible();

      // The agent ends the chat.
      await samChat.getByRole('button', { name: 'End chat' }).click();
      await expect(log.getByText(/chat has ended/)).toBeVisible();
      if (api === 'chat-api') {
        // The legacy names its agents; the gateway gives ids only.
        await expect(log.getByText(/Transferred to Sam Okafor/)).toBeVisible();
      }
    } finally {
      for (const context of contexts) await context.close();
      await parley.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

test('the agent console: several chats at once, the visitor details and attachments, leave', async ({
  browser,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-console-'));
  const parley = await startParley(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
  );
  const context = await browser.newContext();
  try {
    const origin = parley.url.replace('localhost', '127.0.0.1');
    const call = (path: string, token: string | undefined, body: BodyInit, type: string) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: {
          origin,
          'content-type': type,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body,
      });
    // Two visitors start chats through the widget API; one sends a picture.
    const start = async (visitor: object, variables: object) =>
      (await (
        await call(
          '/v1/conversations',
          undefined,
          JSON.stringify({ visitor, locale: 'fr-FR', variables }),
          'application/json',
        )
      ).json()) as { conversationId: string; token: string };
    const grace = await start(
      { name: 'Grace Hopper', email: 'grace@example.com' },
      { _plan: 'gold' },
    );
    await start({ name: 'Alan Turing' }, {});
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = await call(
      `/v1/conversations/${grace.conversationId}/attachments?filename=receipt.png`,
      grace.token,
      png,
      'image/png',
    );
    const { id } = (await upload.json()) as { id: string };
    await call(
      `/v1/conversations/${grace.conversationId}/messages`,
      grace.token,
      JSON.stringify({
        clientMessageId: 'client-receipt',
        text: 'My receipt',
        attachmentIds: [id],
      }),
      'application/json',
    );

    const agent = await context.newPage();
    await agent.goto(`${parley.demo!.agentUrl}?agent=agent-kim`);
    const nav = agent.getByRole('navigation', { name: 'Conversations' });
    await expect(nav.getByRole('heading', { name: 'Waiting (2)' })).toBeVisible();
    await nav.getByRole('button', { name: /Grace Hopper/ }).click();
    const chat = agent.getByRole('article', { name: 'Chat with Grace Hopper' });
    await expect(chat.getByText('grace@example.com')).toBeVisible();
    await expect(chat.getByText('_plan')).toBeVisible();
    await expect(chat.getByText('gold')).toBeVisible();
    await expect(chat.getByRole('definition').filter({ hasText: /^fr$/ })).toBeVisible();
    await expect(chat.getByRole('img', { name: 'receipt.png' })).toBeVisible();

    await chat.getByRole('button', { name: 'Accept' }).click();
    await expect(nav.getByRole('heading', { name: 'My chats (1)' })).toBeVisible();
    await expect(nav.getByRole('heading', { name: 'Waiting (1)' })).toBeVisible();
    await chat.getByRole('button', { name: 'Leave' }).click();
    await expect(chat.getByText('no agent')).toBeVisible();
    await expect(nav.getByRole('heading', { name: 'My chats (0)' })).toBeVisible();
  } finally {
    await context.close();
    await parley.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
