import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { servingFolder } from './example-site.js';
import { type Agent, expect, widget, write } from './widget-fixtures.js';

/**
 * The examples under examples/, served as they are from a website of their own
 * (the proxy address swapped for the test's proxy, the one edit they ask for),
 * against a Parley demo that allows that website's origin.
 */
const test = servingFolder(() => resolve('examples'));

/** Collects script errors and CSP violations from the start. */
async function watchProblems(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return problems;
}

async function chat(page: Page, agent: Agent, text: string) {
  const { log, message } = widget(page);
  await write(message, text);
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  await agent.accept();
  await agent.say('Hello, this is Alex. How can I help?');
  await expect(log.getByText('Hello, this is Alex. How can I help?')).toBeVisible();
}

test('examples/plain-html: the tag as written, pre-chat form, a conversation with an agent', async ({
  page,
  site,
  agent,
}) => {
  const problems = await watchProblems(page);
  await page.goto(`${site.origin}/plain-html/`);
  const { launcher, panel } = widget(page);
  await launcher.click();
  await expect(panel.getByRole('heading', { name: 'Northwind support' })).toBeVisible();
  await expect(panel.getByText('Hi! Questions about an order? Ask us here.')).toBeVisible();
  await panel.getByRole('textbox', { name: /name/i }).fill('Ada Visitor');
  await panel.getByRole('button', { name: /start/i }).click();
  await chat(page, agent, 'Where is my order 1042?');
  expect((await agent.conversation()).user.name).toBe('Ada Visitor');
  expect(problems).toEqual([]);
});

test('examples/strict-csp: works under its own strict policy, with no violation', async ({
  page,
  site,
  agent,
}) => {
  const problems = await watchProblems(page);
  await page.goto(`${site.origin}/strict-csp/`);
  // The policy really is in force: Trusted Types refuse a script written from a string.
  const refusal = await page.evaluate(() => {
    try {
      document.createElement('script').textContent = 'window.inline = true';
      return 'allowed';
    } catch (error) {
      return String(error);
    }
  });
  expect(refusal).toContain('TrustedScript');
  await expect.poll(() => problems.length).toBeGreaterThan(0);
  problems.length = 0; // that refusal was the point; from here on, none is allowed
  await widget(page).launcher.click();
  await expect(widget(page).panel.getByRole('heading', { name: 'Northwind Bank' })).toBeVisible();
  await chat(page, agent, 'Can I raise my card limit?');
  expect(problems).toEqual([]);
});
