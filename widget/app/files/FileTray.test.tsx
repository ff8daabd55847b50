import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPanel } from '../components/render-panel.js';

/**
 * The tray, the drop zone and a message's files, as the visitor meets them:
 * dropped, pasted and chosen files, what may be sent said before picking, a
 * reason for each refusal, removing, cancelling, and names that cannot fool.
 */

// The chunk, fetched once up front: a busy machine's first import is slow.
beforeAll(() => import('./files.js'));

const LIMITS = { maxBytes: 1024, types: ['image/png', 'application/pdf'] };

let urls = 0;
beforeEach(() => {
  URL.createObjectURL = vi.fn(() => `blob:preview-${++urls}`);
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => vi.unstubAllGlobals());

/** The panel with a conversation whose proxy takes LIMITS. */
async function panel(attachments: typeof LIMITS | null = LIMITS) {
  const rendered = await renderPanel();
  act(() => {
    rendered.state.limits.value = { maxMessageLength: 5000, attachments };
  });
  return rendered;
}

/** A DataTransfer as the browser hands one over with files (jsdom has none). */
const transfer = (files: File[], types = ['Files']) => ({ types, files });

const png = (name = 'photo.png', size = 10) =>
  new File([new Uint8Array(size)], name, { type: 'image/png' });
const pdf = (name = 'invoice.pdf', size = 2000 / 4) =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf' });

describe('dropping files on the panel', () => {
  it('shows a drop zone while files are dragged, announced and taking no focus', async () => {
    await panel();
    const dialog = screen.getByRole('dialog');
    const box = screen.getByRole('textbox', { name: 'Message' });
    box.focus();
    const enter = fireEvent.dragEnter(box, { dataTransfer: transfer([]) });
    expect(enter).toBe(false); // default prevented: the panel takes the drop
    await waitFor(() => expect(dialog.querySelector('.drop-zone')).not.toBeNull());
    const zone = dialog.querySelector('.drop-zone')!;
    expect(zone.getAttribute('aria-hidden')).toBe('true');
    expect(zone.textContent).toContain('Drop files here to attach them');
    expect(zone.textContent).toContain('PNG or PDF, up to 1 kB each.');
    expect(screen.getByRole('status').textContent).toBe(
      'Drop files here to attach them. PNG or PDF, up to 1 kB each. You can also drop or paste files here.',
    );
    expect(document.activeElement).toBe(box);
    fireEvent.dragLeave(zone, { relatedTarget: null });
    expect(dialog.querySelector('.drop-zone')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('leaves a drag of text alone', async () => {
    await panel();
    const box = screen.getByRole('textbox', { name: 'Message' });
    expect(fireEvent.dragOver(box, { dataTransfer: transfer([], ['text/plain']) })).toBe(true);
  });

  it('queues dropped files with previews, names and sizes, and refuses each it must, saying why', async () => {
    const { chat } = await panel();
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.drop(box, {
      dataTransfer: transfer([
        png(),
        pdf(),
        png('huge.png', 5000),
        new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }),
        new File([], 'empty.pdf', { type: 'application/pdf' }),
      ]),
    });
    const tray = await screen.findByRole('group', { name: 'Files to send' });
    const rows = within(tray).getAllByRole('listitem');
    expect(rows.map((row) => row.querySelector('.draft-name')!.textContent)).toEqual([
      'photo.png',
      'invoice.pdf',
      'huge.png',
      'tool.exe',
      'empty.pdf',
    ]);
    expect(rows[0]!.querySelector('img')!.getAttribute('src')).toMatch(/^blob:preview-/);
    expect(rows[1]!.querySelector('img')).toBeNull();
    expect(rows[1]!.querySelector('.file-icon')).not.toBeNull();
    expect(rows[1]!.textContent).toContain('0.5 kB');
    expect(
      within(tray)
        .getAllByRole('alert')
        .map((alert) => alert.textContent),
    ).toEqual([
      'Files can be at most 1 kB.',
      'This type of file cannot be sent.',
      'This file is empty.',
    ]);
    // Only the image that may go gets a preview: a refused one is never read.
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
    // Two may go: the send button sends them even with no text.
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    expect(chat.send).toHaveBeenCalledWith('');
  });

  it('shows a file’s name as text, without bidi controls or markup', async () => {
    await panel();
    const name = '<img src=x onerror="parent.hacked=1">\u202Egnp.exe';
    fireEvent.drop(screen.getByRole('dialog'), { dataTransfer: transfer([png(name)]) });
    const tray = await screen.findByRole('group', { name: 'Files to send' });
    expect(tray.querySelector('.draft-name')!.textContent).toBe(
      '<img src=x onerror="parent.hacked=1">gnp.exe',
    );
    expect(tray.querySelectorAll('img')).toHaveLength(1);
    expect(
      within(tray).getByRole('button', {
        name: 'Remove <img src=x onerror="parent.hacked=1">gnp.exe',
      }),
    ).toBeTruthy();
  });
});

describe('pasting', () => {
  it('attaches a pasted image, and leaves a paste of text to the text box', async () => {
    const { state } = await panel();
    const box = screen.getByRole('textbox', { name: 'Message' });
    const withText = fireEvent.paste(box, {
      clipboardData: transfer([png('rendering.png')], ['text/plain', 'Files']),
    });
    expect(withText).toBe(true);
    expect(fireEvent.paste(box, { clipboardData: transfer([png('image.png')]) })).toBe(false);
    await waitFor(() =>
      expect(state.drafts.value.map((draft) => draft.file.name)).toEqual(['image.png']),
    );
  });
});

describe('the attach button', () => {
  it('opens the tray saying what may be sent, before anything is picked', async () => {
    await panel();
    fireEvent.click(screen.getByRole('button', { name: 'Attach a file' }));
    const choose = await screen.findByRole('button', { name: 'Choose files' });
    await waitFor(() => expect(document.activeElement).toBe(choose));
    const hint = 'PNG or PDF, up to 1 kB each. You can also drop or paste files here.';
    expect(document.getElementById(choose.getAttribute('aria-describedby')!)!.textContent).toBe(
      hint,
    );
    const input = screen.getByRole('dialog').querySelector('input[type=file]') as HTMLInputElement;
    expect(input.accept).toBe('image/png,application/pdf');
    expect(input.multiple).toBe(true);
    fireEvent.change(input, { target: { files: [png(), pdf()] } });
    const tray = screen.getByRole('group', { name: 'Files to send' });
    await waitFor(() => expect(within(tray).getAllByRole('listitem')).toHaveLength(2));
  });

  it('says so when the proxy takes no files, before a conversation (GET /v1/availability)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ open: true, attachments: null }))),
    );
    await renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Attach a file' }));
    const tray = await screen.findByRole('group', { name: 'Files to send' });
    await waitFor(() => expect(tray.textContent).toContain('Files cannot be sent in this chat.'));
    expect(within(tray).queryByRole('button', { name: 'Choose files' })).toBeNull();
    expect(fetch).toHaveBeenCalledWith('http://proxy.test/v1/availability', expect.anything());
  });
});

describe('before sending', () => {
  it('removes a file (its preview revoked, focus on the next), and cancels them all', async () => {
    const { state } = await panel();
    fireEvent.drop(screen.getByRole('dialog'), {
      dataTransfer: transfer([png('one.png'), png('two.png')]),
    });
    const tray = await screen.findByRole('group', { name: 'Files to send' });
    await waitFor(() => expect(within(tray).getAllByRole('listitem')).toHaveLength(2));
    const first = state.drafts.value[0]!;
    fireEvent.click(within(tray).getByRole('button', { name: 'Remove one.png' }));
    expect(state.drafts.value.map((draft) => draft.file.name)).toEqual(['two.png']);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith(first.preview);
    expect(document.activeElement).toBe(
      within(tray).getByRole('button', { name: 'Remove two.png' }),
    );
    fireEvent.click(within(tray).getByRole('button', { name: 'Cancel' }));
    expect(state.drafts.value).toEqual([]);
    expect(screen.queryByRole('group', { name: 'Files to send' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
  });
});

describe('a message’s files on their way', () => {
  it('shows each file’s progress and a cancel button, until it is up', async () => {
    const { state, chat } = await panel();
    const files = await chat.files();
    const photo = png();
    act(() => {
      state.timeline.value = [
        {
          kind: 'message',
          key: 'up',
          role: 'visitor',
          text: 'two files',
          at: new Date().toISOString(),
          attachments: [],
          status: 'pending',
          uploads: [
            { id: 'u1', file: photo, preview: 'blob:photo', progress: 1, attachmentId: 'a1' },
            { id: 'u2', file: pdf('notes\u202Efdp.exe'), progress: 0.4 },
          ],
        },
      ];
    });
    const log = screen.getByRole('log');
    expect(within(log).getByRole('img', { name: 'photo.png' }).getAttribute('src')).toBe(
      'blob:photo',
    );
    expect(log.textContent).toContain('notesfdp.exe');
    expect(
      within(log)
        .getAllByRole('progressbar')
        .map((bar) => bar.getAttribute('aria-label')),
    ).toEqual(['Uploading… 40%']);
    const cancel = vi.spyOn(files, 'cancel');
    fireEvent.click(within(log).getByRole('button', { name: 'Cancel sending notesfdp.exe' }));
    expect(cancel).toHaveBeenCalledWith('up', 'u2');
  });
});
