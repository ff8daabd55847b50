import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ParleyEvent } from '../../../protocol/events.js';
import { renderPanel } from './render-panel.js';

// The lazy parts of the panel, fetched once up front: a busy machine's first import is slow.
beforeAll(() =>
  Promise.all([import('./PrechatForm.js'), import('./Ending.js'), import('./Ended.js')]),
);

const message = { type: 'message' as const, attachments: [] as never[] };
type MessageEvent = Extract<ParleyEvent, { type: 'message' }>;
/** Message m1 of `role` saying `text`, with no files unless `more` gives some. */
const says = (
  role: MessageEvent['role'],
  text: string,
  more: Partial<MessageEvent> = {},
): MessageEvent => ({ ...message, messageId: 'm1', role, text, ...more });
const agentSays = (text: string, more: Partial<MessageEvent> = {}) => says('agent', text, more);

afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

describe('the composer', () => {
  it('sends on Enter, breaks the line on Shift+Enter, and tells the agent the visitor types', async () => {
    const { chat } = await renderPanel();
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    expect(document.activeElement).toBe(box);
    fireEvent.input(box, { target: { value: 'hello' } });
    expect(chat.typing).toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(chat.send).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(chat.send).toHaveBeenCalledWith('hello');
    expect(box.value).toBe('');
  });

  it('has no attach button when the proxy takes no attachments', async () => {
    const { state } = await renderPanel();
    expect(screen.getByRole('button', { name: 'Attach a file' })).toBeTruthy();
    act(() => {
      state.limits.value = { maxMessageLength: 5000, attachments: null };
    });
    expect(screen.queryByRole('button', { name: 'Attach a file' })).toBeNull();
  });
});

describe('the pre-chat form', () => {
  const options = {
    prechat: [
      { name: 'name', required: true },
      { name: 'email', required: false },
    ],
    consent: 'I agree to the privacy policy.',
  } as const;

  it('checks the fields, points at the first problem and keeps the details in memory only', async () => {
    const { chat, state } = await renderPanel({ ...options, prechat: [...options.prechat] });
    // The form is its own chunk: it arrives a moment later and takes focus then.
    const name = await screen.findByRole('textbox', { name: 'Name' });
    const email = screen.getByRole('textbox', { name: 'Email (optional)' });
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();

    fireEvent.input(email, { target: { value: 'not-an-email' } });
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Please fill in this field.').id).toBe(
      name.getAttribute('aria-describedby'),
    );
    expect(screen.getByText('Enter an email address like name@example.com.')).toBeTruthy();
    expect(screen.getByText('Please agree to continue.')).toBeTruthy();
    expect(document.activeElement).toBe(name);

    fireEvent.input(name, { target: { value: ' Ada Lovelace ' } });
    fireEvent.input(email, { target: { value: 'ada@example.com' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'I agree to the privacy policy.' }));
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    });

    expect(state.prechatDone.value).toBe(true);
    expect(chat.visitor).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(chat.variables.consentGivenAt).toMatch(/^\d{4}-/);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
    expect(localStorage.length).toBe(0);
  });
});

describe('the conversation', () => {
  it('is a polite log of text, never HTML, with safe links', async () => {
    const { feed } = await renderPanel();
    act(() =>
      feed(
        agentSays(
          '<img src=x onerror=alert(1)> see https://example.com/help or javascript:alert(1)',
        ),
      ),
    );
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.querySelector('img')).toBeNull();
    // Links come with the formatted-text chunk (rich/lazy.ts), once it has loaded.
    const link = await within(log).findByRole('link', { name: 'https://example.com/help' });
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(within(log).queryByRole('link', { name: /javascript/ })).toBeNull();
  });

  it('shows names, file names and links so they cannot fool: no bidi controls, real hosts', async () => {
    const { feed } = await renderPanel();
    const rlo = '\u202e';
    act(() =>
      feed(
        { type: 'participant', change: 'joined', role: 'agent', name: `Alex${rlo} Morgan` },
        agentSays(
          `pay at https://bank.example@evil.example/ or https://\u0430pple.com ${rlo}txt.exe`,
          {
            authorName: `Sam${rlo}\u2066`,
            attachments: [
              {
                id: 'f1',
                name: `invoice${rlo}fdp.exe`,
                kind: 'file',
                url: 'https://files.example/1',
              },
            ],
          },
        ),
      ),
    );
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.textContent).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(within(screen.getByRole('banner')).getByText('Alex Morgan')).toBeTruthy();
    expect(screen.getByText('Alex Morgan joined the chat')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'invoicefdp.exe' })).toBeTruthy();
    // The text's links come with the formatted-text chunk: once it has drawn them.
    expect(
      await within(log).findByRole('link', { name: 'https://xn--pple-43d.com/' }),
    ).toBeTruthy();
    expect(within(log).queryByRole('link', { name: /bank\.example/ })).toBeNull();
    expect(within(log).getByText(/bank\.example@evil\.example/)).toBeTruthy();
  });

  it('renders a long unbroken word as short text nodes, whole', async () => {
    const { feed } = await renderPanel();
    const word = 'A'.repeat(5000);
    act(() => feed(agentSays(word)));
    const text = document.querySelector('.message .text')!;
    expect(text.textContent).toBe(word);
    const nodes = [...text.childNodes];
    expect(nodes.every((node) => node.nodeType === Node.TEXT_NODE)).toBe(true);
    expect(Math.max(...nodes.map((node) => node.textContent!.length))).toBe(64);
  });

  it('shows the queue with its name and position, then the agent by name and initials', async () => {
    const { feed } = await renderPanel();
    act(() => {
      feed({ type: 'conversation', state: 'queued', queueName: 'Billing', position: 3 });
    });
    const log = screen.getByRole('log');
    expect(within(log).getByText('Waiting for an agent (Billing)')).toBeTruthy();
    // The header's status line says it too.
    expect(
      within(screen.getByRole('banner')).getByText('Waiting for an agent (Billing)'),
    ).toBeTruthy();
    expect(screen.getByText('Your place in the queue: 3')).toBeTruthy();
    act(() => {
      feed({ type: 'conversation', state: 'queued', queueName: 'Billing', position: 2 });
    });
    expect(within(log).getAllByText('Waiting for an agent (Billing)')).toHaveLength(1);
    expect(screen.getByText('Your place in the queue: 2')).toBeTruthy();

    act(() =>
      feed({
        type: 'participant',
        change: 'joined',
        role: 'agent',
        name: 'Alex Morgan',
        participantId: 'a1',
      }),
    );
    expect(screen.getByText('Alex Morgan joined the chat')).toBeTruthy();
    expect(screen.queryByText(/place in the queue/)).toBeNull();
    const header = screen.getByRole('banner');
    expect(within(header).getByText('AM')).toBeTruthy();
    expect(within(header).getByText('Alex Morgan')).toBeTruthy();

    act(() =>
      feed(
        { type: 'transferred' },
        {
          type: 'participant',
          change: 'left',
          role: 'agent',
          name: 'Alex Morgan',
          participantId: 'a1',
        },
      ),
    );
    // A transfer is one event, not a line per notice; the new agent's name completes it.
    expect(screen.getByText('You are being transferred to another agent')).toBeTruthy();
    expect(screen.queryByText('Alex Morgan left the chat')).toBeNull();
    act(() =>
      feed(
        { type: 'conversation', state: 'queued', queueName: 'Returns' },
        { type: 'participant', change: 'joined', role: 'agent', name: 'Sam', participantId: 'a2' },
      ),
    );
    expect(screen.getByText('Transferred to Sam (Returns)')).toBeTruthy();
    expect(screen.queryByText('Sam joined the chat')).toBeNull();
  });

  it("shows 8x8's queue wait while queued, nothing it did not say, and none once an agent joins", async () => {
    const { feed } = await renderPanel();
    act(() =>
      feed({ type: 'conversation', state: 'queued', queueName: 'Billing', queueId: '102' }),
    );
    act(() => feed({ type: 'wait', waiting: 4 }));
    expect(screen.getByText('Chats waiting: 4')).toBeTruthy();
    expect(screen.queryByText(/Usual wait/)).toBeNull();
    act(() => feed({ type: 'wait', waiting: 3, estimatedWaitSeconds: 150 }));
    expect(screen.getByText('Usual wait: about 3 minutes · Chats waiting: 3')).toBeTruthy();
    act(() => feed({ type: 'wait' }));
    expect(screen.queryByText(/Chats waiting|Usual wait/)).toBeNull();
    act(() => feed({ type: 'wait', estimatedWaitSeconds: 20 }));
    expect(screen.getByText('Usual wait: about 1 minute')).toBeTruthy();
    act(() => feed({ type: 'participant', change: 'joined', role: 'agent', name: 'Alex' }));
    expect(screen.queryByText(/Usual wait/)).toBeNull();
    // Typing by the name the join gave (8x8's, or the proxy's agent directory's).
    act(() => feed({ type: 'typing', role: 'agent', typing: true }));
    expect(screen.getByText('Alex is typing…')).toBeTruthy();
  });

  it("shows the agent's photo and title from the directory, and initials when it is not https or fails", async () => {
    const { feed } = await renderPanel();
    const photo = 'https://cdn.example.com/alex.png';
    act(() =>
      feed(
        {
          type: 'participant',
          change: 'joined',
          role: 'agent',
          name: 'Alex Morgan',
          avatarUrl: photo,
          title: 'Billing',
        },
        agentSays('Hello', { authorAvatarUrl: photo }),
      ),
    );
    const header = screen.getByRole('banner');
    const image = header.querySelector('.avatar img') as HTMLImageElement;
    expect(image.src).toBe(photo);
    expect(image.alt).toBe('');
    expect(within(header).getByText('Alex Morgan · Billing')).toBeTruthy();
    expect(document.querySelectorAll('.group .avatar img')).toHaveLength(1);
    // The initials lie under the photo; a photo that fails hides, and they show.
    expect(within(header).getByText('AM')).toBeTruthy();
    expect(image.hidden).toBe(false);
    act(() => {
      fireEvent.error(image);
    });
    expect(image.hidden).toBe(true);
    act(() =>
      feed({
        type: 'participant',
        change: 'joined',
        role: 'agent',
        name: 'Sam Lee',
        avatarUrl: 'javascript:alert(1)',
      }),
    );
    // Sam answers now (first in the stack), by initials: the photo is not https.
    const [sam, alex] = header.querySelectorAll('.avatar');
    expect(sam!.textContent).toBe('SL');
    expect(sam!.querySelector('img')).toBeNull();
    expect(alex!.textContent).toBe('AM');
  });

  it('names an agent 8x8 sent no name for "Agent", with an initial', async () => {
    const { feed } = await renderPanel();
    act(() => feed({ type: 'participant', change: 'joined', role: 'agent' }, agentSays('Hello')));
    expect(screen.getByText('Agent joined the chat')).toBeTruthy();
    expect(screen.getAllByText('A').length).toBeGreaterThan(0);
    expect(screen.getByText('Agent, ', { exact: false })).toBeTruthy();
  });

  it('groups consecutive messages of one author under one name, with a time', async () => {
    const { feed } = await renderPanel();
    act(() =>
      feed(
        { ...message, messageId: 'm1', role: 'agent', authorName: 'Sam', text: 'One' },
        { ...message, messageId: 'm2', role: 'agent', authorName: 'Sam', text: 'Two' },
        { ...message, messageId: 'm3', role: 'visitor', text: 'Three', clientMessageId: 'c3' },
      ),
    );
    const groups = document.querySelectorAll('.group');
    expect(groups).toHaveLength(2);
    expect(groups[0]!.querySelectorAll('.message')).toHaveLength(2);
    expect(groups[0]!.querySelectorAll('.author')).toHaveLength(1);
    expect(groups[0]!.querySelector('time')?.getAttribute('datetime')).toMatch(/^\d{4}-/);
  });

  it('shows typing, and drops it when 8x8 would have timed it out', async () => {
    vi.useFakeTimers();
    const { feed } = await renderPanel();
    act(() => {
      feed({ type: 'typing', role: 'agent', typing: true });
    });
    expect(screen.getByText('Agent is typing…')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(15_000);
    });
    expect(screen.queryByText('Agent is typing…')).toBeNull();
  });

  it('shows the visitor’s messages as sending, then sent, or failed with a retry', async () => {
    const { chat, state } = await renderPanel();
    const mine = (status: 'pending' | 'sent' | 'failed') => ({
      kind: 'message' as const,
      key: `k-${status}`,
      role: 'visitor' as const,
      text: `a ${status} message`,
      at: new Date().toISOString(),
      attachments: [],
      status,
    });
    act(() => {
      state.timeline.value = [mine('pending'), mine('sent'), mine('failed')];
    });
    expect(screen.getByText('Sending…')).toBeTruthy();
    expect(
      screen.getByText('a failed message').closest('[data-status]')?.getAttribute('data-status'),
    ).toBe('failed');
    expect(screen.getByText('Not sent')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(chat.retry).toHaveBeenCalledWith('k-failed');
  });

  it('shows the agent’s files: links to open, images to see', async () => {
    const { feed } = await renderPanel();
    act(() =>
      feed(
        agentSays('Here you go', {
          attachments: [
            {
              id: 'f1',
              name: 'invoice.pdf',
              kind: 'file',
              url: 'https://files.example/invoice.pdf',
            },
            { id: 'f2', name: 'map.png', kind: 'image', url: 'https://files.example/map.png' },
          ],
        }),
      ),
    );
    expect(screen.getByRole('link', { name: 'invoice.pdf' }).getAttribute('href')).toBe(
      'https://files.example/invoice.pdf',
    );
    expect(screen.getByRole('img', { name: 'map.png' }).getAttribute('src')).toBe(
      'https://files.example/map.png',
    );
  });

  it('offers an agent’s quick replies only under the newest message, and sends the one chosen', async () => {
    const { chat, feed } = await renderPanel();
    act(() =>
      feed(
        says('bot', 'How can we help?', {
          quickReplies: [
            { title: 'Order status', payload: 'order' },
            { title: 'Returns', payload: 'returns' },
          ],
        }),
      ),
    );
    const replies = screen.getByRole('group', { name: 'Suggested replies' });
    fireEvent.click(within(replies).getByRole('button', { name: 'Returns' }));
    expect(chat.quickReply).toHaveBeenCalledWith({ title: 'Returns', payload: 'returns' });
    act(() => feed(says('visitor', 'Returns', { messageId: 'm2', clientMessageId: 'c2' })));
    expect(screen.queryByRole('group', { name: 'Suggested replies' })).toBeNull();
  });

  it('shows a greeting before the visitor writes', async () => {
    await renderPanel({ greeting: 'Hi! Ask us anything.' });
    expect(screen.getByText('Hi! Ask us anything.')).toBeTruthy();
  });
});

describe('the connection', () => {
  it('says quietly when it is reconnecting, and when the browser is offline', async () => {
    const { state } = await renderPanel();
    expect(screen.queryByRole('status')).toBeNull();
    act(() => {
      state.connection.value = 'reconnecting';
    });
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
    act(() => {
      state.offline.value = true;
    });
    expect(screen.getByRole('status').textContent).toMatch(/You are offline/);
  });
});

describe('ending', () => {
  it('asks before ending the chat; Esc or Cancel keeps it', async () => {
    const { chat, feed } = await renderPanel();
    act(() => {
      feed({ type: 'conversation', state: 'queued' });
    });
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'End chat' }));
    });
    const confirm = await screen.findByRole('alertdialog');
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(confirm).getByRole('button', { name: 'End chat' }),
      ),
    );
    await act(() => {
      fireEvent.keyDown(confirm, { key: 'Escape' });
    });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));

    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'End chat' }));
    });
    fireEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'End chat' }),
    );
    expect(chat.endChat).toHaveBeenCalled();
  });

  it('once ended, offers the transcript and a new chat instead of the composer', async () => {
    const { chat, feed } = await renderPanel();
    act(() =>
      feed({ type: 'conversation', state: 'queued' }, { type: 'conversation', state: 'closed' }),
    );
    expect(screen.getByText('The chat has ended')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'End chat' })).toBeNull();
    expect(await screen.findByRole('button', { name: 'Download transcript' })).toBeTruthy();
    const again = screen.getByRole('button', { name: 'Start a new chat' });
    await waitFor(() => expect(document.activeElement).toBe(again));
    fireEvent.click(again);
    expect(chat.newChat).toHaveBeenCalled();
  });
});

describe('the panel', () => {
  it('is a labelled dialog that closes on Escape', async () => {
    const { onClose } = await renderPanel();
    const dialog = screen.getByRole('dialog', { name: 'Support' });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });

  it('speaks Arabic right to left', async () => {
    await renderPanel({}, 'ar');
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('dir')).toBe('rtl');
    expect(dialog.getAttribute('lang')).toBe('ar');
    expect(screen.getByRole('textbox', { name: 'الرسالة' })).toBeTruthy();
  });
});
