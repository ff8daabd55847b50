import type { Page } from '@playwright/test';
import { report } from '../../test/support/scenario-report.js';
import { type Agent, expect, PNG, startChat, test } from '../widget-fixtures.js';
import { xssCorpus } from './xss-corpus.js';

/**
 * The XSS corpus (300 payloads: HTML, SVG, javascript: and data: links,
 * unicode tricks, markdown-style links) sent by the "agent" as messages, as
 * display names and as attachment names, rendered by the widget in real
 * Chromium: no script runs (every payload would call __xss), no foreign
 * element or attribute appears, and the text is shown as text.
 */

const corpus = xssCorpus();

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    Object.assign(window, {
      __xssCalls: calls,
      __xss: (n: unknown) => calls.push(n),
      alert: (n: unknown) => calls.push(`alert ${n}`),
    });
  });
});

/** What would betray an injection in the page or the widget's shadow root. */
function inspect(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('[data-parley]')!;
    const root = host.shadowRoot!;
    const elements = [...document.querySelectorAll('*'), ...root.querySelectorAll('*')];
    const handlers = elements.flatMap((el) =>
      [...el.attributes]
        .filter((a) => a.name.toLowerCase().startsWith('on'))
        .map((a) => `${el.tagName} ${a.name}`),
    );
    const urls = [...root.querySelectorAll('[href],[src],[action],[data],[srcdoc],[xlink\\:href]')]
      .flatMap((el) =>
        ['href', 'src', 'action', 'data', 'srcdoc', 'xlink:href'].map((name) =>
          el.getAttribute(name),
        ),
      )
      .filter((value): value is string => value !== null)
      .filter((value) => !/^(https?:|blob:)/i.test(new URL(value, location.href).href));
    // Message text may hold the markdown subset's own elements (docs/cards.md), bare of
    // attributes (a refused link is its text in a span), and http(s) links; anything else
    // in it would be markup that got through.
    const formatting = ['P', 'BR', 'STRONG', 'EM', 'DEL', 'CODE', 'PRE', 'UL', 'OL', 'LI', 'SPAN'];
    const inText = [...root.querySelectorAll('.text *')].filter((el) =>
      el.tagName === 'A'
        ? !/^https?:/i.test(el.getAttribute('href') ?? '')
        : !formatting.includes(el.tagName) || el.attributes.length > 0,
    );
    const log = root.querySelector('[role="log"]')!;
    const tags = [
      ...new Set([...log.querySelectorAll('*')].map((el) => el.tagName.toLowerCase())),
    ].sort();
    return {
      calls: (window as unknown as { __xssCalls: unknown[] }).__xssCalls.length,
      handlers,
      urls,
      inText: inText.map((el) => el.outerHTML.slice(0, 80)),
      tags,
      text: log.textContent ?? '',
      bodyElements: document.body.querySelectorAll('*').length,
    };
  });
}

/**
 * Text as a visitor reads it: without white space (a line break is a <br>), the bidi controls the
 * widget drops from everything it shows (widget/app/safe-display.ts), and without
 * markdown's syntax (a link's target, its brackets, the emphasis marks), which the
 * widget draws as formatting rather than shows (docs/cards.md).
 */
const normal = (text: string) =>
  text
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)/g, '$1')
    .replace(/[\s*_~`]/g, '');

const ALLOWED_TAGS = [
  'a',
  'button',
  'div',
  'img',
  'li',
  'p',
  'span',
  'time',
  'ul',
  'ol',
  'svg',
  'path',
  'h2',
  'h3',
  // The markdown subset's own (docs/cards.md), drawn from the text, never parsed HTML.
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
];

async function expectNothingRan(
  page: Page,
  scenario: string,
  dialogs: string[],
  sent: number,
  shownLiterally: number,
) {
  const seen = await inspect(page);
  const foreignTags = seen.tags.filter((tag) => !ALLOWED_TAGS.includes(tag));
  const pass =
    seen.calls === 0 &&
    dialogs.length === 0 &&
    seen.handlers.length === 0 &&
    seen.urls.length === 0 &&
    seen.inText.length === 0 &&
    foreignTags.length === 0;
  report(scenario, pass, {
    corpus: { payloads: sent, 'shown as text': shownLiterally },
    page: {
      'scripts run': seen.calls,
      dialogs: dialogs.length,
      'on* attributes': seen.handlers.length,
      'unsafe urls': seen.urls.length,
      'elements inside message text': seen.inText.length,
      'foreign tags': foreignTags.join(' ') || 'none',
    },
  });
  expect(seen.calls).toBe(0);
  expect(dialogs).toEqual([]);
  expect(seen.handlers).toEqual([]);
  expect(seen.urls).toEqual([]);
  expect(seen.inText).toEqual([]);
  expect(foreignTags).toEqual([]);
  return seen;
}

/** A visitor chatting with the agent; the page's dialogs (alert, confirm) are recorded. */
async function chatWithAgent(page: Page, url: string, agent: Agent) {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const { log } = await startChat(page, url, 'hello');
  await agent.accept();
  return { log, dialogs };
}

test('agent messages: the XSS corpus is shown as text and nothing runs', async ({
  page,
  site,
  agent,
}) => {
  const { log, dialogs } = await chatWithAgent(page, site.page(), agent);
  const conversation = await agent.conversation();
  for (const payload of corpus) agent.simulator.agentMessage(agent.id, conversation.id, payload);
  await expect(log.locator('[part~="agent-message"]')).toHaveCount(corpus.length, {
    timeout: 60_000,
  });
  // Give anything deferred (onerror of a failed load, animations, autofocus) its chance.
  await page.waitForTimeout(1000);
  const seen = await inspect(page);
  const shown = corpus.filter((payload) => normal(seen.text).includes(normal(payload))).length;
  await expectNothingRan(page, 'XSS corpus as agent messages', dialogs, corpus.length, shown);
  expect(shown).toBe(corpus.length);
});

test('agent names and attachment names: the corpus is shown as text and nothing runs', async ({
  page,
  site,
  agent,
}) => {
  const { log, dialogs } = await chatWithAgent(page, site.page(), agent);
  const names = corpus.filter((_, i) => i % 5 === 0); // each vector once
  for (const [i, name] of names.entries()) {
    await agent.webhook('MEMBERS_CHANGED', {
      memberType: 'agent',
      change: 'joined',
      id: `agent-x${i}`,
      name,
    });
    await agent.webhook('MESSAGE', {
      isEcho: false,
      sender: { id: `agent-x${i}`, type: 'agent', name },
      text: `from agent ${i}`,
      attachments: [],
    });
  }
  // Files: names from the corpus, one with a javascript: "pre-signed" URL.
  const conversation = await agent.conversation();
  for (let i = 0; i < names.length; i += 5) {
    const files = names.slice(i, i + 5).map((name) => {
      const { id } = agent.simulator.upload(conversation.id, {
        filename: name,
        contentType: 'image/png',
        data: PNG,
      });
      return {
        id,
        type: 'image',
        preSignedUrl: agent.simulator.preSignedUrl(conversation.id, id),
        fileName: name,
      };
    });
    await agent.webhook('MESSAGE', {
      isEcho: false,
      sender: { id: 'agent-alex', type: 'agent' },
      text: `files ${i}`,
      attachments: files,
    });
  }
  await agent.webhook('MESSAGE', {
    isEcho: false,
    sender: { id: 'agent-alex', type: 'agent' },
    text: 'a hostile link',
    attachments: [
      { id: 'evil', type: 'file', preSignedUrl: 'javascript:__xss(999)', fileName: 'evil.pdf' },
    ],
  });
  // Exact: a group's text runs into its time ("from agent 5" + "9:41 PM" contains "from agent 59").
  await expect(log.getByText('a hostile link', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(log.getByText(`from agent ${names.length - 1}`, { exact: true })).toBeVisible();
  await page.waitForTimeout(1000);
  const seen = await inspect(page);
  const shown = names.filter((name) => normal(seen.text).includes(normal(name))).length;
  await expectNothingRan(
    page,
    'XSS corpus as agent names and attachment names',
    dialogs,
    names.length * 2 + 1,
    shown,
  );
  expect(shown).toBe(names.length);
});
