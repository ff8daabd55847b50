import type {} from '../widget/parley.js';
import { expect, test, widget, write } from './widget-fixtures.js';

test('embedded by its tag with attributes: launcher drawn as configured, invalid values warned once', async ({
  page,
  site,
}) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(
    site.page({
      attributes: {
        title: 'Northwind help',
        subtitle: 'Open 9 to 5',
        accent: '#ffd400',
        position: 'left',
        'offset-x': '32px',
        'offset-y': '48px',
        theme: 'dark',
        'z-index': '500',
        'launcher-label': 'Ask Northwind',
        greeting: 'Hello! How can we help?',
        sound: 'sometimes',
      },
    }),
  );
  const { launcher, panel } = widget(page);
  await expect(page.getByRole('button', { name: 'Ask Northwind' })).toBeVisible();
  const box = (await launcher.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBe(32);
  expect(viewport.height - (box.y + box.height)).toBe(48);
  const host = page.locator('[data-parley]');
  expect(await host.evaluate((element) => getComputedStyle(element).zIndex)).toBe('500');
  // A light accent gets dark text, for contrast.
  expect(await launcher.evaluate((element) => getComputedStyle(element).color)).toBe(
    'rgb(0, 0, 0)',
  );

  await launcher.click();
  await expect(panel).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Northwind help' })).toBeVisible();
  await expect(panel.getByText('Open 9 to 5')).toBeVisible();
  await expect(panel.getByText('Hello! How can we help?')).toBeVisible();
  // Dark theme: the panel's background is dark.
  expect(await panel.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
    'rgb(28, 33, 40)',
  );
  expect(warnings).toEqual(['Parley: data-sound="sometimes" is not valid; using the default.']);
});

test('data-open="true" opens the panel as the page loads, without a click', async ({
  page,
  site,
}) => {
  await page.goto(site.page({ attributes: { open: 'true' } }));
  const { launcher, panel, message } = widget(page);
  await expect(panel).toBeVisible();
  await expect(message).toBeVisible();
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
});

for (const position of ['right', 'left'] as const) {
  test(`on a right-to-left page the panel opens on the launcher's side (data-position="${position}")`, async ({
    page,
    site,
  }) => {
    await page.goto(
      site.page({
        lang: 'ar',
        dir: 'rtl',
        attributes: { locale: 'ar', position, 'offset-x': '24px' },
      }),
    );
    const { launcher, panel } = widget(page);
    const width = page.viewportSize()!.width;
    const gap = (box: { x: number; width: number }) =>
      position === 'right' ? width - (box.x + box.width) : box.x;
    expect(gap((await launcher.boundingBox())!)).toBe(24);
    await launcher.click();
    await expect(panel).toHaveAttribute('dir', 'rtl');
    expect(gap((await panel.boundingBox())!)).toBe(24);
  });
}

test('nothing is stored and nothing of the visitor reaches the proxy until they write', async ({
  page,
  site,
  parley,
}) => {
  const requests: string[] = [];
  const beforeWriting: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(parley.url)) return;
    const path = new URL(request.url()).pathname;
    requests.push(path);
    if (path.startsWith('/v1')) {
      const credentials = request.headers().authorization ? ' with credentials' : '';
      beforeWriting.push(`${request.method()} ${path}${credentials}`);
    }
  });
  await page.goto(site.page({ attributes: { prechat: 'name', consent: 'I agree.' } }));
  const { launcher, panel, message } = widget(page);
  await expect(launcher).toBeVisible();
  expect(requests).toEqual(['/parley.js']);

  await launcher.click();
  await panel.getByRole('textbox', { name: 'Name (optional)' }).fill('Ada');
  await panel.getByRole('checkbox', { name: 'I agree.' }).check();
  await panel.getByRole('button', { name: 'Start chat' }).click();
  await expect(message).toBeFocused();
  // Only whether the contact center is open: a GET with no body, no credentials, no visitor.
  expect(new Set(beforeWriting)).toEqual(new Set(['GET /v1/availability']));
  expect(requests.filter((path) => path.startsWith('/widget/app-'))).toHaveLength(1);
  const storage = () =>
    page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
  expect(await storage()).toEqual({ local: 0, session: 0 });

  await write(message, 'Hello');
  await expect.poll(async () => (await storage()).local).toBe(1);
  expect(requests.filter((path) => path.startsWith('/v1')).length).toBeGreaterThan(0);
});

test('the JS API: calls queued before the tag, methods, and events', async ({
  page,
  site,
  agent,
}) => {
  const snippet = `<script>
    window.Parley = window.Parley || { q: [] };
    'open close toggle identify setVariables setLocale endChat destroy on off'.split(' ').forEach(function (m) {
      Parley[m] = Parley[m] || function () { Parley.q.push([m, [].slice.call(arguments)]); };
    });
    window.events = [];
    ['ready', 'open', 'close', 'message', 'unread', 'queued', 'agentJoined', 'agentLeft', 'transferred', 'chatEnded', 'error']
      .forEach(function (name) { Parley.on(name, function (detail) { events.push([name, detail]); }); });
    Parley.identify({ name: 'Grace Hopper', email: 'grace@example.com', plan: 'gold' });
    Parley.setVariables({ orderId: 'A-1001' });
    Parley.open();
  </script>`;
  await page.goto(site.page({ head: snippet }));
  const { panel, message, launcher } = widget(page);
  // open() before the tag loaded the app and opened the panel.
  await expect(panel).toBeVisible();
  const events = () =>
    page.evaluate(() => (window as unknown as { events: [string, unknown][] }).events);
  expect((await events()).map(([name]) => name)).toEqual(['ready', 'unread', 'open']);

  await write(message, 'Where is my order?');
  await expect(panel.locator('[data-status="sent"]')).toHaveCount(1);
  const conversation = await agent.conversation();
  expect(conversation.user).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com' });
  expect(JSON.stringify(conversation.user)).toContain('A-1001');
  expect(JSON.stringify(conversation.user)).toContain('gold');

  await agent.accept();
  await agent.say('Let me check.');
  await expect(panel.getByText('Let me check.')).toBeVisible();
  await page.evaluate(() => window.Parley!.close());
  await expect(launcher).toBeFocused();
  await agent.say('It ships tomorrow.');
  await expect(page.getByRole('button', { name: /1 unread message\b/ })).toBeVisible();

  await page.evaluate(() => window.Parley!.setLocale('fr'));
  await page.evaluate(() => window.Parley!.toggle());
  await expect(panel.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await page.evaluate(() => window.Parley!.endChat());
  await expect(panel.getByText('La discussion est terminée')).toBeVisible();

  const names = (await events()).map(([name]) => name);
  for (const name of ['queued', 'agentJoined', 'message', 'close', 'chatEnded']) {
    expect(names).toContain(name);
  }
  const messages = (await events()).filter(([name]) => name === 'message');
  expect(messages.map(([, detail]) => (detail as { text: string }).text)).toEqual([
    'Where is my order?',
    'Let me check.',
    'It ships tomorrow.',
  ]);
  expect((await events()).find(([name]) => name === 'chatEnded')?.[1]).toEqual({ by: 'visitor' });
  expect((await events()).filter(([name]) => name === 'unread').map(([, d]) => d)).toContainEqual({
    count: 1,
  });

  await page.evaluate(() => window.Parley!.destroy());
  await expect(page.locator('[data-parley]')).toHaveCount(0);
  expect(await page.evaluate(() => window.Parley)).toBeUndefined();
});

test('the ES module entry mounts the same widget for sites that bundle it', async ({
  page,
  site,
  parley,
}) => {
  const url = site.page({
    head: `<script type="module">
      import { mount } from '${parley.url}/widget/module/parley.mjs';
      window.api = mount({ proxy: '${parley.url}', title: 'Bundled', position: 'left' });
    </script>`,
    noTag: true,
  });
  await page.goto(url);
  await expect(page.locator('[data-parley]')).toHaveCount(1);
  await page.evaluate(() => (window as unknown as { api: { open(): void } }).api.open());
  await expect(page.getByRole('dialog', { name: 'Bundled' })).toBeVisible();
  await write(widget(page).message, 'from a bundle');
  await expect(widget(page).log.locator('[data-status="sent"]')).toHaveCount(1);
});
