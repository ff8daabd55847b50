import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { Config } from '../server/config.js';
import type { SimConversation } from '../server/simulator/contact-center-simulator.js';
import type { RunningParley } from '../server/start.js';
import { startTestParley } from '../test/support/demo.js';
import { type HostSite, startHostSite } from './host-site.js';

/**
 * The widget's journeys: a customer's website on its own origin (`site`) embeds
 * the widget from a Parley demo (`parley`: proxy plus 8x8 simulator, real
 * servers on free loopback ports) that allows that origin. `agent` plays the
 * contact center's side through the simulator, which reaches the proxy by
 * signed webhooks as 8x8 would.
 */
export const test = base.extend<{
  hostServer: HostSite & { setProxy(url: string): void };
  site: HostSite;
  parley: RunningParley;
  agent: Agent;
  parleyEnv: Record<string, string>;
  /** Set on the validated configuration: what a test shortens below what an operator may set. */
  parleyConfig: Partial<Config>;
}>({
  parleyEnv: [{}, { option: true }],
  parleyConfig: [{}, { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
  hostServer: async ({}, use) => {
    let proxy = '';
    const site = await startHostSite(() => proxy);
    await use(Object.assign(site, { setProxy: (url: string) => (proxy = url) }));
    await site.close();
  },
  parley: async ({ hostServer, parleyEnv, parleyConfig }, use) => {
    const running = await startTestParley(
      { ALLOWED_ORIGINS: hostServer.origin, ...parleyEnv },
      {},
      parleyConfig,
    );
    await use(running.parley);
    // Pages may still hold event streams open; the test is over, so cut them.
    running.parley.proxy.server.closeAllConnections();
    await running.close();
  },
  site: async ({ hostServer, parley }, use) => {
    hostServer.setProxy(parley.url);
    await use(hostServer);
  },
  agent: async ({ parley }, use) => {
    await use(new Agent(parley));
  },
});

/** The agent's side of the latest conversation, driven through the simulator. */
export class Agent {
  constructor(
    readonly parley: RunningParley,
    readonly id = 'agent-alex',
  ) {}

  get simulator() {
    return this.parley.demo!.simulator;
  }

  /** The newest conversation in the simulator (the test's visitor). */
  async conversation(): Promise<SimConversation> {
    await expect.poll(() => this.simulator.conversations.size).toBeGreaterThan(0);
    return [...this.simulator.conversations.values()].at(-1)!;
  }

  /** Takes the conversation from the queue, once it is there. */
  async accept() {
    await expect.poll(async () => (await this.conversation()).state).toBe('active');
    this.simulator.accept(this.id, (await this.conversation()).id);
  }
  async say(text: string) {
    this.simulator.agentMessage(this.id, (await this.conversation()).id, text);
  }
  async typing(on = true) {
    this.simulator.agentTyping(this.id, (await this.conversation()).id, on);
  }
  async end() {
    this.simulator.end(this.id, (await this.conversation()).id);
  }
  /** A signed webhook as 8x8 sends it, for what the console cannot send. */
  async webhook(eventType: string, data: Record<string, unknown>) {
    const conversation = await this.conversation();
    const sim = this.simulator;
    const channel = sim.channels.get(conversation.channelId)!;
    await sim.sender.send(sim.webhooks.get(channel.webHookId)!, conversation.id, {
      eventType,
      conversationId: conversation.id,
      timestamp: Date.now(),
      data,
    });
  }
  /**
   * A message with files and quick replies, as 8x8 reports one (a signed MESSAGE
   * webhook with attachments and an `application/8x8.quick.replies` card): the
   * simulator's console cannot send those yet, so this builds the event itself.
   */
  async sayRich(
    text: string,
    extras: {
      files?: { filename: string; contentType: string; data: Buffer }[];
      quickReplies?: { title: string; postback: string }[];
    },
  ) {
    const conversation = await this.conversation();
    const sim = this.simulator;
    const attachments = (extras.files ?? []).map((file) => {
      const { id } = sim.upload(conversation.id, file);
      const top = file.contentType.split('/')[0];
      return {
        id,
        type: top === 'image' ? 'image' : 'file',
        preSignedUrl: sim.preSignedUrl(conversation.id, id),
        fileName: file.filename,
      };
    });
    const cards = extras.quickReplies
      ? [
          {
            contentType: 'application/8x8.quick.replies',
            content: {
              options: extras.quickReplies.map((reply) => ({
                title: reply.title,
                data: { postback: reply.postback },
              })),
            },
          },
        ]
      : [];
    await this.webhook('MESSAGE', {
      isEcho: false,
      sender: { id: this.id, type: 'agent' },
      text,
      attachments,
      cards,
    });
  }

  /** What the visitor wrote, as the contact center received it. */
  async received(): Promise<string[]> {
    return (await this.conversation()).messages
      .filter((message) => message.author.type === 'user')
      .map((message) => message.text);
  }
}

/** The widget's parts, found through its open shadow root (Playwright pierces it). */
export function widget(page: Page) {
  return {
    launcher: page.locator('[data-parley] .launcher'),
    panel: page.getByRole('dialog'),
    log: page.getByRole('log'),
    message: page.getByRole('textbox', { name: 'Message' }),
  };
}

/** A visitor on a page of the site opens the panel and sends a first message, confirmed. */
export async function startChat(page: Page, url: string, text: string) {
  await page.goto(url);
  const parts = widget(page);
  await parts.launcher.click();
  await write(parts.message, text);
  await expect(parts.log.locator('[data-status="sent"]')).toHaveCount(1);
  return parts;
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A 24×24 PNG: an image a visitor can see and click. */
export const SQUARE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR42mOQj99PFcQwatCoQaMGjRo0atCoQQNvEADUwclfv9lC5wAAAABJRU5ErkJggg==',
  'base64',
);

/** Writes in a text box and presses Enter, as a visitor sends a message. */
export async function write(box: Locator, text: string) {
  await box.fill(text);
  await box.press('Enter');
}

/** axe-core's source, put into a page once (and again after it navigates). */
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core over the widget, its shadow root included: no WCAG 2.2 A/AA violation.
 * axe runs in the page itself: @axe-core/playwright injected its 500 KB into every
 * frame and finished each run in a new blank page, 1.3–2 s a check against 0.1 s,
 * for the same rules and the same nodes checked (the widget has no frames).
 */
export async function expectAccessible(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const results = await axe.run(
      { include: [['[data-parley]']] },
      { runOnly: { type: 'tag', values: tags } },
    );
    return results.violations.map((violation) => ({
      id: violation.id,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }, WCAG_22_AA);
  expect(violations).toEqual([]);
}

export { expect };
