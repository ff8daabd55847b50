import type { Page } from '@playwright/test';
import { expect, test, widget, write } from './widget-fixtures.js';

/** Collects Content-Security-Policy violations and page errors from the start. */
async function watchViolations(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('favicon')) {
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

async function chatRoundTrip(page: Page, agent: import('./widget-fixtures.js').Agent) {
  const { launcher, log, message } = widget(page);
  await launcher.click();
  await write(message, 'Hello from a strict page https://example.com');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  await agent.accept();
  await agent.say('Hi! Here is a link: https://example.com/help');
  await expect(log.getByRole('link', { name: 'https://example.com/help' })).toBeVisible();
}

for (const [name, scriptSrc] of [
  ['a nonce', (_proxy: string) => `'nonce-r4nd0m'`],
  ['the proxy origin', (proxy: string) => proxy],
] as const) {
  test(`works under a strict CSP allowing scripts by ${name}, with no inline styles and Trusted Types enforced`, async ({
    page,
    site,
    parley,
    agent,
  }) => {
    const problems = await watchViolations(page);
    const policy = [
      "default-src 'none'",
      `script-src ${scriptSrc(parley.url)}`,
      "style-src 'self'",
      `connect-src ${parley.url}`,
      `img-src ${parley.url} blob:`,
      "require-trusted-types-for 'script'",
      "trusted-types 'none'",
    ].join('; ');
    await page.goto(
      site.page({
        headers: { 'content-security-policy': policy },
        ...(name === 'a nonce' ? { nonce: 'r4nd0m' } : {}),
        attributes: { locale: 'de' },
      }),
    );
    // The German chunk was allowed too: the panel speaks German.
    await widget(page).launcher.click();
    await expect(page.getByRole('textbox', { name: 'Nachricht' })).toBeVisible();
    await widget(page).panel.getByRole('button', { name: 'Chat schließen' }).click();
    await page.evaluate(() => window.Parley!.setLocale('en'));
    await chatRoundTrip(page, agent);
    // No inline style anywhere: not in the page, not in the shadow root.
    const inline = await page.evaluate(() => {
      const root = document.querySelector('[data-parley]')!.shadowRoot!;
      return [
        ...document.querySelectorAll('style, [style]'),
        ...root.querySelectorAll('style, [style]'),
      ].length;
    });
    expect(inline).toBe(0);
    expect(problems).toEqual([]);
  });
}

/** Computed styles of the widget's parts: what a visitor sees. */
function looks(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-parley]')!.shadowRoot!;
    const host = document.querySelector('[data-parley]')!;
    const pick = (element: Element | null) => {
      if (!element) return 'missing';
      const style = getComputedStyle(element);
      const rect = element.getBoundingClientRect();
      return [
        style.display,
        style.position,
        style.color,
        style.backgroundColor,
        style.fontFamily,
        style.fontSize,
        style.lineHeight,
        style.letterSpacing,
        style.textTransform,
        style.padding,
        style.opacity,
        style.transform,
        Math.round(rect.width),
        Math.round(rect.height),
        Math.round(rect.right),
        Math.round(rect.bottom),
      ].join(' | ');
    };
    return {
      host: pick(host),
      panel: pick(root.querySelector('.panel')),
      title: pick(root.querySelector('h2')),
      message: pick(root.querySelector('.message')),
      textarea: pick(root.querySelector('textarea')),
      send: pick(root.querySelector('.send')),
    };
  });
}

const HOSTILE = `<style>
  * { box-sizing: content-box !important; }
  html, body { font: italic 30px/4 "Comic Sans MS", cursive; color: #f0f; letter-spacing: 6px;
    text-transform: uppercase; direction: rtl; text-align: right; }
  div, section, p, h2, header, form { display: block !important; margin: 40px !important;
    padding: 40px !important; color: red !important; background: yellow !important;
    font-size: 40px !important; opacity: 0.4 !important; transform: rotate(3deg) !important; }
  button, textarea, input { all: unset !important; background: lime !important; font-size: 50px !important; }
  [data-parley] { position: static !important; opacity: 0.2 !important; transform: scale(0.5) !important;
    filter: blur(3px) !important; z-index: -1 !important; }
  .panel, .launcher, .message, .composer, .header { display: none !important; }
  :root { --parley-bg: 12; --accent: red; }
</style>`;

test('a hostile stylesheet on the host page cannot reach in, and ours does not leak out', async ({
  browser,
  site,
}) => {
  const markup = `<div class="panel" id="theirs-panel">their .panel</div>
    <button class="launcher message send" id="theirs-button">their button</button>`;
  const open = async (head: string) => {
    // A visitor of its own each time, so both pages show the same state.
    // Without the panel's entrance animation, which would make the measures depend on timing.
    const page = await (await browser.newContext({ reducedMotion: 'reduce' })).newPage();
    await page.goto(site.page({ head: `${head}<template id="t">${markup}</template>` }));
    await page.evaluate(() => {
      const template = document.getElementById('t') as HTMLTemplateElement;
      document.body.prepend(template.content.cloneNode(true));
    });
    const theirs = () =>
      page.evaluate(() =>
        ['theirs-panel', 'theirs-button'].map((id) => {
          const style = getComputedStyle(document.getElementById(id)!);
          return [
            style.display,
            style.position,
            style.color,
            style.backgroundColor,
            style.borderRadius,
            style.padding,
          ].join(' | ');
        }),
      );
    const before = await theirs();
    const { launcher, log, message } = widget(page);
    await launcher.click();
    await write(message, 'Styled?');
    await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
    const after = await theirs();
    // Ours does not leak out: the page's own .panel and button look as they did.
    expect(after).toEqual(before);
    return looks(page);
  };
  const clean = await open('');
  const hostile = await open(HOSTILE);
  expect(hostile).toEqual(clean);
});
