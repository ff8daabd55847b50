import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startHostSite } from '../e2e/host-site.js';
import { Agent, widget, write } from '../e2e/widget-fixtures.js';
import config from '../playwright.config.js';
import { DEMO_AGENT_DIRECTORY } from '../server/demo-agent-directory.js';
import { SAMPLE_CARDS, type SampleCardName } from '../server/simulator/sample-cards.js';
import { startTestParley } from '../test/support/demo.js';

/**
 * `npm run screenshots`: the README's pictures of the widget's main states,
 * taken in real Chromium against the demo (proxy plus simulator), into
 * docs/screenshots/. Run after `npm run build:widget`.
 */
const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });

let proxy = '';
const site = await startHostSite(() => proxy);
// The agents by name and team, as `npm start`'s demo shows them.
const agents = join(mkdtempSync(join(tmpdir(), 'parley-shots-')), 'agents.json');
writeFileSync(agents, JSON.stringify(DEMO_AGENT_DIRECTORY));
const running = await startTestParley({
  ALLOWED_ORIGINS: site.origin,
  AGENT_DIRECTORY_FILE: agents,
});
const { parley } = running;
proxy = parley.url;
const browser = await chromium.launch(config.use?.launchOptions ?? {});

/** A fresh visitor; the shot is the panel (or the corner) with some margin. */
async function visitor(
  attributes: Record<string, string> = {},
  options: { mobile?: boolean; dark?: boolean } = {},
) {
  const context = await browser.newContext({
    viewport: options.mobile ? { width: 390, height: 720 } : { width: 1100, height: 760 },
    deviceScaleFactor: 2,
    ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
    colorScheme: options.dark ? 'dark' : 'light',
    reducedMotion: 'reduce',
    locale: 'en-US',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  await page.goto(site.page({ attributes: { title: 'Northwind support', ...attributes } }));
  return page;
}

async function shoot(
  page: Page,
  name: string,
  what: 'panel' | 'corner' | 'teaser' | 'page' = 'panel',
) {
  await page.mouse.move(0, 0);
  const path = join(out, `${name}.png`);
  if (what === 'page') {
    await page.screenshot({ path });
  } else if (what === 'teaser') {
    // The launcher and the bubble above it.
    const launcher = (await widget(page).launcher.boundingBox())!;
    const teaser = (await page.locator('[data-parley] .teaser').boundingBox())!;
    const x = Math.min(launcher.x, teaser.x) - 40;
    const y = teaser.y - 40;
    await page.screenshot({
      path,
      clip: {
        x,
        y,
        width: launcher.x + launcher.width + 40 - x,
        height: launcher.y + launcher.height + 40 - y,
      },
    });
  } else {
    const box = (await (what === 'panel'
      ? widget(page).panel
      : widget(page).launcher
    ).boundingBox())!;
    const margin = what === 'panel' ? 24 : 40;
    await page.screenshot({
      path,
      clip: {
        x: box.x - margin,
        y: box.y - margin,
        width: box.width + 2 * margin,
        height: box.height + 2 * margin,
      },
    });
  }
  console.log(`  ${path}`);
  await page.context().close();
}

/** A conversation with an agent who has joined and replied, files and quick replies included. */
async function conversation(page: Page, agent: Agent) {
  const { launcher, log, message } = widget(page);
  await launcher.click();
  await write(message, 'Hi! My order #4411 has not arrived yet.');
  await agent.accept();
  await agent.say('Hello, I am sorry to hear that. Let me check the tracking for you.');
  await agent.sayRich(
    'It is at the depot, out for delivery tomorrow: https://track.example.com/4411',
    {
      files: [
        {
          filename: 'delivery-note.pdf',
          contentType: 'application/pdf',
          data: Buffer.from('%PDF-1.4'),
        },
      ],
      quickReplies: [
        { title: 'Thanks, that helps', postback: 'thanks' },
        { title: 'Change the address', postback: 'address' },
      ],
    },
  );
  await log.getByRole('group').waitFor();
}

async function main() {
  const agent = new Agent(parley);
  console.log('Screenshots:');

  let page = await visitor({
    greeting: 'Hi! Questions about an order? We are here.',
    'teaser-delay': '0',
  });
  await page.locator('[data-parley] .teaser-text').waitFor();
  await shoot(page, 'launcher', 'teaser');

  page = await visitor({
    prechat: 'name*,email',
    consent: 'I agree that my details are used to answer me.',
  });
  await widget(page).launcher.click();
  await widget(page).panel.getByRole('button', { name: 'Start chat' }).click();
  await shoot(page, 'prechat');

  page = await visitor({ greeting: 'Hi! Questions about an order? We are here.' });
  await widget(page).launcher.click();
  await write(widget(page).message, 'Do you ship to Norway?');
  await widget(page).log.getByText('Waiting for an agent').waitFor();
  await shoot(page, 'queued');

  page = await visitor();
  await conversation(page, agent);
  await agent.typing(true);
  await widget(page).panel.getByText('is typing').waitFor();
  await shoot(page, 'conversation');

  // A transfer: one chip however many notices 8x8 sends, then the new agent's group.
  page = await visitor();
  await conversation(page, agent);
  agent.simulator.transfer(agent.id, (await agent.conversation()).id, '102');
  const sam = new Agent(parley, 'agent-sam');
  await sam.accept();
  await sam.say('Hi, Sam from Billing here. I can change the address for you.');
  await sam.say('What is the new one?');
  await widget(page).log.getByText('What is the new one?').waitFor();
  await shoot(page, 'transfer');

  page = await visitor({}, { dark: true });
  await conversation(page, agent);
  await page.route('**/messages', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/problem+json',
      body: '{"detail":"no"}',
    }),
  );
  await write(widget(page).message, 'And can I change the address?');
  await widget(page).log.getByText('Not sent').waitFor();
  await shoot(page, 'dark-failed-retry');

  page = await visitor();
  await conversation(page, agent);
  await widget(page).panel.getByRole('button', { name: 'End chat' }).click();
  await shoot(page, 'end-confirm');

  page = await visitor();
  await conversation(page, agent);
  await widget(page).panel.getByRole('button', { name: 'End chat' }).click();
  await widget(page)
    .panel.getByRole('alertdialog')
    .getByRole('button', { name: 'End chat' })
    .click();
  await widget(page).panel.getByRole('button', { name: 'Start a new chat' }).waitFor();
  await shoot(page, 'ended');

  // Cards, as a bot sends them: a form with inputs, then a carousel.
  for (const [name, shot, waitFor] of [
    ['feedback', 'card-form', 'How did we do?'],
    ['carousel', 'card-carousel', 'Red shirt'],
  ] as [SampleCardName, string, string][]) {
    page = await visitor();
    await conversation(page, agent);
    const { id } = await agent.conversation();
    agent.simulator.agentMessage(agent.id, id, '', [], [structuredClone(SAMPLE_CARDS[name])]);
    await widget(page).log.getByText(waitFor).first().waitFor();
    await widget(page).log.locator('[part~="card"]').last().scrollIntoViewIfNeeded();
    await shoot(page, shot);
  }

  page = await visitor({ locale: 'ar', title: 'الدعم' });
  await widget(page).launcher.click();
  await write(page.getByRole('textbox', { name: 'الرسالة' }), 'مرحبا، أين طلبي؟');
  await agent.accept();
  await agent.say('أهلاً! سأتحقق من ذلك الآن.');
  await page.getByText('أهلاً! سأتحقق من ذلك الآن.').waitFor();
  await shoot(page, 'arabic-rtl');

  page = await visitor({}, { mobile: true });
  await conversation(page, agent);
  await shoot(page, 'mobile', 'page');
}

try {
  await main();
} finally {
  await browser.close();
  parley.proxy.server.closeAllConnections();
  await running.close();
  await site.close();
}
