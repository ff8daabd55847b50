import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { loadConfig } from '../server/config.js';
import { withDemoAgents } from '../server/demo-agent-directory.js';
import { type RunningParley, startParley } from '../server/start.js';
import { startHostSite } from './host-site.js';
import { expect, startChat, write } from './widget-fixtures.js';

/**
 * The demo as a user runs it (`npm start`): proxy and simulator together on one
 * DATA_DIR, stopped and started again on the same port. Like 8x8, its simulator
 * still has the conversation: the agent console shows it and the visitor goes on.
 */

const test = base;

async function startDemo(dataDir: string, origin: string, port = 0) {
  // As `npm start` configures it: the demo names its agents.
  return startParley(
    withDemoAgents(
      loadConfig({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ALLOWED_ORIGINS: origin,
        LOG_LEVEL: 'silent',
        SHUTDOWN_DRAIN_SECONDS: '0',
      }),
    ),
  );
}

async function stopDemo(parley: RunningParley) {
  // Pages hold event streams open (the widget's, the console's): cut them, as a restart does.
  parley.proxy.server.closeAllConnections();
  await parley.close();
}

/** The console's list of waiting chats. */
const waitingList = (agent: Page) =>
  agent.getByRole('navigation', { name: 'Conversations' }).locator('section').first();

test('the demo restarted: the agent console (reloaded) still shows the waiting chat, and the visitor goes on', async ({
  page,
  context,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-restart-'));
  let parley: RunningParley | undefined;
  const site = await startHostSite(() => parley!.url);
  const missing: string[] = [];
  try {
    parley = await startDemo(dataDir, site.origin);
    const { panel, log, message } = await startChat(page, site.page(), 'My invoice is wrong');
    await write(message, 'Hello?');
    await expect(log.locator('[data-status="sent"]')).toHaveCount(2);

    const agent = await context.newPage();
    agent.on('response', (response) => {
      if (response.status() === 404) missing.push(new URL(response.url()).pathname);
    });
    await agent.goto(parley.demo!.agentUrl);
    // A waiting chat says when it started waiting and what the visitor first wrote.
    const chat = waitingList(agent).getByRole('button');
    await expect(chat).toHaveCount(1);
    await expect(chat).toContainText('My invoice is wrong');
    await expect(chat).toContainText(/Waiting since \d{1,2}:\d{2}/);
    await expect(chat.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);

    const port = Number(new URL(parley.url).port);
    await stopDemo(parley);
    parley = await startDemo(dataDir, site.origin, port);

    // Reloaded (a 304 for the page), the console still shows the chat, waiting.
    await agent.reload();
    await expect(chat).toHaveCount(1);
    await expect(chat).toContainText('My invoice is wrong');

    // The visitor's next message reaches the same chat; the agent takes it and answers.
    await write(message, 'Anyone there?');
    await expect(log.locator('[data-status="sent"]')).toHaveCount(3);
    await chat.click();
    const conversation = agent.getByRole('article');
    await expect(conversation.getByRole('list', { name: 'Messages' }).locator('li')).toHaveText([
      /My invoice is wrong/,
      /Hello\?/,
      /Anyone there\?/,
    ]);
    await conversation.getByRole('button', { name: 'Accept' }).click();
    await conversation.getByRole('textbox', { name: 'Reply' }).fill('Yes, I am here');
    await conversation.getByRole('textbox', { name: 'Reply' }).press('Enter');
    await expect(log.getByText('Yes, I am here')).toBeVisible();
    // The demo's agent by name and team, not a bare "Agent".
    await expect(log.getByText('Alex Morgan joined the chat')).toBeVisible();
    await expect(panel.getByRole('banner')).toContainText('Alex Morgan · Customer Support');
    // Nothing the console asks for is missing.
    expect(missing).toEqual([]);
  } finally {
    await page.close();
    if (parley) await stopDemo(parley);
    await site.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
