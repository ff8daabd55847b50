import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEFAULT_QUEUES } from '../server/simulator/contact-center-simulator.js';
import { expect, expectAccessible, SQUARE_PNG, startChat, test } from './widget-fixtures.js';

/**
 * Waiting, honestly, and who is answering (issues 17 and 18): the queue's wait
 * from 8x8's real-time statistics (the simulator's, which move as chats queue
 * and agents take them), and the agent's name, photo and title from the
 * proxy's agent directory, in light and dark.
 */
const PHOTOS = 'https://photos.example.test';
const directory = join(mkdtempSync(join(tmpdir(), 'parley-agents-')), 'agents.json');
writeFileSync(
  directory,
  JSON.stringify({
    'agent-alex': { name: 'Alex Morgan', avatarUrl: `${PHOTOS}/alex.png`, title: 'Billing' },
    // A photo that does not load: the initials stand in.
    'agent-sam': { name: 'Sam Okafor', avatarUrl: `${PHOTOS}/missing.png` },
  }),
);
test.use({
  parleyEnv: { QUEUE_STATS_INTERVAL_SECONDS: '5', AGENT_DIRECTORY_FILE: directory },
  // The simulator's statistics move at once, so asking every second shows each change the
  // same way as every 5 s (the least an operator may set, 8x8's own cadence), in a fifth of the wait.
  parleyConfig: { queueStatsIntervalMs: 1000 },
});

/** The photos' CDN: Alex's photo is there, anything else is not. */
async function servePhotos(page: Page) {
  await page.route(`${PHOTOS}/**`, (route) =>
    route.request().url().endsWith('/alex.png')
      ? route.fulfill({ status: 200, contentType: 'image/png', body: SQUARE_PNG })
      : route.fulfill({ status: 404 }),
  );
}

for (const theme of ['light', 'dark'] as const) {
  test(`queued, the wait line follows 8x8's statistics and says nothing when they are unknown (${theme})`, async ({
    page,
    site,
    parley,
    agent,
  }) => {
    // Each change shows at the next interval: several intervals in all.
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    const { panel } = await startChat(page, site.page(), 'Is anybody there?');
    const line = panel.locator('.typing');
    // Nobody has been answered yet: no average to tell, only the chats waiting.
    await expect(line).toHaveText('Chats waiting: 1', { timeout: 15_000 });
    await expectAccessible(page);

    // Another visitor queues: the statistics move, and so does the line.
    const other = await fetch(`${parley.url}/v1/conversations`, {
      method: 'POST',
      headers: { origin: site.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ visitor: { name: 'Bo' } }),
    });
    expect(other.status).toBe(201);
    await expect(line).toHaveText('Chats waiting: 2', { timeout: 15_000 });

    // An agent takes the other chat: 8x8 now has an average wait for the queue.
    await agent.accept();
    await expect(line).toHaveText('Usual wait: about 1 minute · Chats waiting: 1', {
      timeout: 15_000,
    });
    await expectAccessible(page);

    // 8x8's statistics stop answering: the line says nothing rather than guess.
    agent.simulator.faults.api.add({ path: '/realtime-metrics/', count: 1000, status: 503 });
    await expect(line).toHaveText('', { timeout: 15_000 });
    await expect(panel.getByRole('banner')).toContainText('Waiting for an agent');
    await expectAccessible(page);
  });

  test(`the agent's name and photo on join, on messages and in the header; initials else; typing by name (${theme})`, async ({
    page,
    site,
    agent,
  }) => {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await servePhotos(page);
    const { panel, log } = await startChat(page, site.page(), 'Hello');
    await agent.accept();
    const header = panel.getByRole('banner');
    await expect(header).toContainText('Alex Morgan · Billing');
    await expect(log.getByText('Alex Morgan joined the chat')).toBeVisible();
    const headerPhoto = header.locator('.avatar img');
    await expect(headerPhoto).toHaveAttribute('src', `${PHOTOS}/alex.png`);
    // The photo really loaded (the CDN answered), and is decoration: the name is said beside it.
    await expect
      .poll(() => headerPhoto.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(24);
    await expect(headerPhoto).toHaveAttribute('alt', '');

    await agent.say('Hi, I can help with your bill.');
    const group = log
      .locator('.group.theirs')
      .filter({ hasText: 'Hi, I can help with your bill.' });
    await expect(group.locator('.avatar img')).toHaveAttribute('src', `${PHOTOS}/alex.png`);
    await expect(group.locator('.author')).toHaveText('Alex Morgan');

    await agent.typing(true);
    await expect(panel.locator('.typing')).toHaveText('Alex Morgan is typing…');
    await expectAccessible(page);

    // Alex hands over to Sam, whose photo does not load: Sam's initials instead.
    const id = (await agent.conversation()).id;
    agent.simulator.transfer('agent-alex', id, DEFAULT_QUEUES[0]!.id);
    agent.simulator.accept('agent-sam', id);
    await expect(header).toContainText('Sam Okafor');
    await expect(header.locator('.avatar').first()).toHaveText('SO');
    await expect(header.locator('.avatar').first().locator('img')).toBeHidden();
    agent.simulator.agentTyping('agent-sam', id, true);
    await expect(panel.locator('.typing')).toHaveText('Sam Okafor is typing…');
    // Checked before the log outgrows the panel: a long log with nothing focusable in it
    // is axe's scrollable-region-focusable, whatever the avatars (a gap of the timeline itself).
    await expectAccessible(page);
    agent.simulator.agentMessage('agent-sam', id, 'Sam here.');
    const sams = log.locator('.group.theirs').filter({ hasText: 'Sam here.' });
    await expect(sams.locator('.avatar')).toHaveText('SO');
    // The photo did not load: it hid itself over the initials.
    await expect(sams.locator('.avatar img')).toBeHidden();
  });
}
