import type { CDPSession, JSHandle, Locator, Page } from '@playwright/test';
import {
  expect,
  expectAccessible,
  PNG,
  SQUARE_PNG,
  startChat,
  test,
  widget,
} from './widget-fixtures.js';

/**
 * Images in (issue 18): a visitor pastes an image and drops files on the panel,
 * sees them queued with previews, removes one, sends the rest, and the agent
 * gets them at the simulator; files the proxy would refuse are refused before
 * any upload, a file whose type lies is refused by the proxy's check of its
 * bytes; a slow upload shows its progress and can be cancelled. Real Chromium,
 * a real proxy and 8x8 simulator on loopback.
 */

interface PageFile {
  name: string;
  type: string;
  /** base64 */
  data?: string;
  /** Or this many zero bytes after the data. */
  size?: number;
}

const png = (name: string, data = PNG): PageFile => ({
  name,
  type: 'image/png',
  data: data.toString('base64'),
});

/** A DataTransfer holding these files, made in the page as the browser makes one. */
function transferOf(page: Page, files: PageFile[]): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle((files) => {
    const data = new DataTransfer();
    for (const file of files) {
      const head = Uint8Array.from(atob(file.data ?? ''), (c) => c.charCodeAt(0));
      const body = new Uint8Array(Math.max(file.size ?? 0, head.length));
      body.set(head);
      data.items.add(new File([body], file.name, { type: file.type }));
    }
    return data;
  }, files);
}

/** A ClipboardEvent carrying files, as Chromium fires one for a pasted screenshot. */
async function paste(target: Locator, files: PageFile[]) {
  const data = await transferOf(target.page(), files);
  await target.evaluate((element, clipboardData) => {
    const init = { clipboardData, bubbles: true, cancelable: true, composed: true };
    element.dispatchEvent(new ClipboardEvent('paste', init));
  }, data);
}

/** Files dragged over the panel (dragenter, dragover): the drop zone shows. Answers them. */
async function dragOver(page: Page, target: Locator, files: PageFile[]) {
  const data = await transferOf(page, files);
  await target.evaluate((element, dataTransfer) => {
    for (const type of ['dragenter', 'dragover']) {
      const init = { dataTransfer, bubbles: true, cancelable: true, composed: true };
      element.dispatchEvent(new DragEvent(type, init));
    }
  }, data);
  await expect(widget(page).panel.locator('.drop-zone')).toBeVisible();
  return data;
}

/** …and let go over the drop zone. */
async function drop(page: Page, data: JSHandle<DataTransfer>) {
  const zone = widget(page).panel.locator('.drop-zone');
  await zone.evaluate((element, dataTransfer) => {
    const init = { dataTransfer, bubbles: true, cancelable: true, composed: true };
    element.dispatchEvent(new DragEvent('drop', init));
  }, data);
  await expect(zone).toBeHidden();
}

async function dropFiles(page: Page, target: Locator, files: PageFile[]) {
  await drop(page, await dragOver(page, target, files));
}

/** Uploads through a slow link (DevTools' network throttling in Chromium), or back to normal. */
async function throttle(cdp: CDPSession, bytesPerSecond: number) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
}

const tray = (page: Page) => widget(page).panel.getByRole('group', { name: 'Files to send' });
const draftNames = (page: Page) => tray(page).locator('.draft-name');

test('paste an image, drop files: previews, remove one, send; the agent gets them', async ({
  page,
  site,
  agent,
}) => {
  page.on('dialog', () => {
    throw new Error('a dialog opened');
  });
  const { panel, log, message } = await startChat(page, site.page(), 'Photos of the damage');

  await paste(message, [png('image.png', SQUARE_PNG)]);
  await expect(draftNames(page)).toHaveText(['image.png']);
  const hostile = '<img src=x onerror=alert(1)>\u202Egnp.exe';
  await dropFiles(page, message, [
    png('box.png'),
    { name: 'invoice.pdf', type: 'application/pdf', data: btoa('%PDF-1.4\n') },
    png(`${hostile}.png`),
  ]);
  // Names as text, the bidi control gone; images previewed from object URLs, the PDF an icon.
  await expect(draftNames(page)).toHaveText([
    'image.png',
    'box.png',
    'invoice.pdf',
    '<img src=x onerror=alert(1)>gnp.exe.png',
  ]);
  await expect(tray(page).locator('img')).toHaveCount(3);
  for (const img of await tray(page).locator('img').all()) {
    await expect(img).toHaveAttribute('src', /^blob:/);
  }
  await expect(tray(page).locator('.draft').nth(2)).toContainText('invoice.pdf');
  await expect(tray(page).locator('.draft').nth(2).locator('.file-icon')).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);

  await tray(page).getByRole('button', { name: 'Remove box.png' }).click();
  await expect(draftNames(page)).toHaveCount(3);
  await expect(tray(page).getByRole('button', { name: 'Remove invoice.pdf' })).toBeFocused();

  await message.fill('Here they are');
  await message.press('Enter');
  await expect(tray(page)).toBeHidden();
  await expect(log.locator('[data-status="sent"]')).toHaveCount(2);
  const conversation = await agent.conversation();
  await expect
    .poll(() => conversation.attachments.map((file) => file.filename))
    .toEqual(['image.png', 'invoice.pdf', `${hostile}.png`]);
  const sent = conversation.messages.at(-1)!;
  expect(sent.text).toBe('Here they are');
  expect(sent.attachmentIds).toEqual(conversation.attachments.map((file) => file.id));
  expect(conversation.attachments[0]!.data.equals(SQUARE_PNG)).toBe(true);
  // Sent: the bubble shows what the agent got, through the proxy.
  const image = log.getByRole('img', { name: 'image.png' });
  await expect(image).toBeVisible();
  await expect(image).not.toHaveAttribute('src', /^blob:/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(24);
  await expect(panel.getByRole('button', { name: 'Send' })).toBeDisabled();
});

test('before a chat: the limits are said, and a file alone starts the chat', async ({
  page,
  site,
  agent,
}) => {
  await page.goto(site.page());
  const { launcher, panel, log, message } = widget(page);
  await launcher.click();
  await panel.getByRole('button', { name: 'Attach a file' }).click();
  await expect(panel.locator('#parley-files-hint')).toHaveText(
    'PNG, JPEG, GIF, WEBP, PDF, or TXT, up to 10 MB each. You can also drop or paste files here.',
  );
  // Asked of GET /v1/availability: no conversation exists yet.
  expect(agent.simulator.conversations.size).toBe(0);
  await dropFiles(page, message, [png('first.png')]);
  await panel.getByRole('button', { name: 'Send' }).click();
  await expect(log.locator('[data-status="sent"]')).toHaveCount(1);
  const conversation = await agent.conversation();
  expect(conversation.attachments.map((file) => file.filename)).toEqual(['first.png']);
});

test.describe('limits', () => {
  test.use({ parleyEnv: { ATTACHMENT_MAX_BYTES: String(64 * 1024) } });

  test('too large and wrong type are refused before any upload; a lying type by the proxy', async ({
    page,
    site,
    agent,
  }) => {
    const { panel, log, message } = await startChat(page, site.page(), 'Some files');
    // What may be sent is said before the visitor picks.
    await panel.getByRole('button', { name: 'Attach a file' }).click();
    const choose = panel.getByRole('button', { name: 'Choose files' });
    await expect(choose).toBeFocused();
    await expect(panel.locator('#parley-files-hint')).toHaveText(
      'PNG, JPEG, GIF, WEBP, PDF, or TXT, up to 64 kB each. You can also drop or paste files here.',
    );
    await expect(choose).toHaveAccessibleDescription(/up to 64 kB each/);

    await dropFiles(page, message, [
      { name: 'huge.png', type: 'image/png', data: PNG.toString('base64'), size: 200 * 1024 },
      { name: 'tool.exe', type: 'application/x-msdownload', data: btoa('MZ') },
    ]);
    await expect(tray(page).getByRole('alert')).toHaveText([
      'Files can be at most 64 kB.',
      'This type of file cannot be sent.',
    ]);
    await expect(panel.getByRole('button', { name: 'Send' })).toBeDisabled();

    // HTML under an image type: the widget cannot tell, the proxy's check of the bytes can.
    await paste(message, [
      { name: 'photo.png', type: 'image/png', data: btoa('<html><script>alert(1)</script>') },
    ]);
    await expect(draftNames(page)).toHaveCount(3);
    await expect(tray(page).locator('.draft').nth(2).locator('.file-icon')).toBeVisible();
    await panel.getByRole('button', { name: 'Send' }).click();
    await expect(tray(page).getByRole('alert')).toHaveText([
      'Files can be at most 64 kB.',
      'This type of file cannot be sent.',
      'This type of file cannot be sent.',
    ]);
    await expect(log.locator('.message')).toHaveCount(1);
    const conversation = await agent.conversation();
    expect(conversation.attachments).toEqual([]);
    expect(await agent.received()).toEqual(['Some files']);
  });
});

test('a slow upload shows its progress, and cancelling it sends nothing', async ({
  page,
  site,
  agent,
}) => {
  const { panel, log, message } = await startChat(page, site.page(), 'A big scan');
  const cdp = await page.context().newCDPSession(page);
  await throttle(cdp, 24 * 1024);
  const big = { name: 'scan.png', type: 'image/png', data: PNG.toString('base64'), size: 600_000 };
  await paste(message, [big]);
  await panel.getByRole('button', { name: 'Send' }).click();
  const bar = log.getByRole('progressbar');
  await expect(bar).toHaveAttribute('aria-label', /^Uploading… ([1-9]|[1-9]\d)%$/);
  const first = Number(await bar.getAttribute('value'));
  await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThan(first);
  await log.getByRole('button', { name: 'Cancel sending scan.png' }).click();
  await expect(log.locator('.message')).toHaveCount(1);

  await throttle(cdp, -1);
  const conversation = await agent.conversation();
  expect(conversation.attachments).toEqual([]);
  // The chat goes on: the next message is sent, once.
  await message.fill('Never mind');
  await message.press('Enter');
  await expect(log.locator('[data-status="sent"]')).toHaveCount(2);
  await expect.poll(() => agent.received()).toEqual(['A big scan', 'Never mind']);
  expect(conversation.attachments).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe: the drop zone, the tray with a refusal, an upload under way (${theme})`, async ({
    page,
    site,
  }) => {
    // Three axe runs over the whole page: slow on a busy machine.
    test.slow();
    await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: theme });
    const { panel, log, message } = await startChat(page, site.page(), 'Checking');
    const dragged = await dragOver(page, message, [png('a.png')]);
    await expectAccessible(page);
    await drop(page, dragged);
    await dropFiles(page, message, [
      { name: 'notes.pdf', type: 'application/pdf', data: btoa('%PDF-1.4\n') },
      { name: 'tool.exe', type: 'application/x-msdownload', data: btoa('MZ') },
    ]);
    await expect(tray(page).getByRole('alert')).toHaveText('This type of file cannot be sent.');
    await expectAccessible(page);

    const cdp = await page.context().newCDPSession(page);
    await throttle(cdp, 16 * 1024);
    await paste(message, [{ ...png('big.png'), size: 400_000 }]);
    await panel.getByRole('button', { name: 'Send' }).click();
    await expect(log.getByRole('button', { name: 'Cancel sending big.png' })).toBeVisible();
    await expectAccessible(page);
  });
}
