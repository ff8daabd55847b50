import { act, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Availability } from '../../../protocol/availability-api.js';
import { createOfflineMessages } from '../offline-messages.js';
import { type ProxyClient, ProxyError } from '../proxy-client.js';
import { formatOpening } from './ClosedPanel.js';
import { renderPanel } from './render-panel.js';

/** A lazy chunk's first load is transformed on demand: on a busy machine, seconds. */
const LAZY = { timeout: 10_000 };

const CLOSED: Availability = {
  open: false,
  nextOpenAt: '2026-12-07T08:00:00.000Z',
  source: 'hours',
  offlineForm: true,
  transcriptEmail: false,
  departments: [],
  attachments: null,
};

beforeEach(() => localStorage.clear());

afterEach(() => vi.restoreAllMocks());

/** The panel while closed, with a real offline part whose proxy answers as told. */
async function closedPanel(availability: Availability, answers: (ProxyError | 'ok')[] = []) {
  const bodies: unknown[] = [];
  const client = {
    proxyUrl: 'http://proxy.test/',
    call: vi.fn(async (_path: string, init: { body: { id: string } }) => {
      bodies.push(init.body);
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') throw answer;
      return { id: init.body.id, status: 'pending' };
    }),
  } as unknown as ProxyClient;
  const view = await renderPanel();
  const part = createOfflineMessages(client, 'parley-offline:test', view.chat.state);
  view.chat.offlineMessages = vi.fn(async () => part);

  act(() => {
    view.chat.state.availability.value = availability;
  });
  return { ...view, part, bodies };
}

const fill = (name: string, value: string) =>
  fireEvent.input(screen.getByRole('textbox', { name }), { target: { value } });

/** The visitor fills the whole form in, ticks the box, and sends. */
async function leaveMessage(name: string, message: string) {
  await screen.findByRole('textbox', { name: 'Name' }, LAZY);
  fill('Name', name);
  fill('Email', 'ada@example.com');
  fill('Message', message);
  fireEvent.click(screen.getByRole('checkbox', { name: /agree to be contacted/ }));
  fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
}

describe('the closed panel', () => {
  it('says when it opens again, in the visitor’s language and time zone', async () => {
    await closedPanel({ ...CLOSED, offlineForm: false });
    const when = formatOpening(CLOSED.nextOpenAt!, 'en')!;
    expect(when).toMatch(/Monday, December 7/);
    expect(await screen.findByText(`We are closed. We open again ${when}.`, {}, LAZY)).toBeTruthy();
    // No offline form: no message box, not even the chat's composer.
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('without a next opening (nobody logged in), says no one is available', async () => {
    const { nextOpenAt: _none, ...unknownOpening } = CLOSED;
    await closedPanel({ ...unknownOpening, offlineForm: false });
    expect(await screen.findByText('No one is available right now.', {}, LAZY)).toBeTruthy();
  });

  it('formats the opening in another language', () => {
    expect(formatOpening('2026-12-07T08:00:00.000Z', 'de')).toMatch(/Montag, 7\. Dezember/);
    expect(formatOpening('not a date', 'en')).toBeUndefined();
  });

  it('offers a labelled offline form whose errors are tied to their fields, first one focused', async () => {
    const { bodies } = await closedPanel(CLOSED);
    const name = await screen.findByRole('textbox', { name: 'Name' }, LAZY);
    await waitFor(() => expect(document.activeElement).toBe(name));
    fill('Email', 'not an address');
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Please fill in this field.',
    );
    expect(document.activeElement).toBe(name);
    const email = screen.getByRole('textbox', { name: 'Email' });
    expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Enter an email address like name@example.com.',
    );
    const consent = screen.getByRole('checkbox', { name: /agree to be contacted/ });
    expect(consent.getAttribute('aria-invalid')).toBe('true');
    expect(bodies).toEqual([]);
  });

  it('sends the message and acknowledges it once the proxy has it', async () => {
    const { bodies } = await closedPanel(CLOSED);
    await leaveMessage(' Ada ', 'Call me back, please.');
    const thanks = await screen.findByText(
      'Thank you! We have your message and will reply by email.',
    );
    expect(thanks.getAttribute('role')).toBe('status');
    await waitFor(() => expect(document.activeElement).toBe(thanks));
    expect(bodies).toEqual([
      expect.objectContaining({
        name: 'Ada',
        email: 'ada@example.com',
        message: 'Call me back, please.',
        consent: true,
        locale: 'en',
      }),
    ]);
  });

  it('says the message is kept while the proxy cannot be reached', async () => {
    await closedPanel(CLOSED, [new ProxyError(0, 'network')]);
    await leaveMessage('Ada', 'Hello?');
    expect(await screen.findByText(/Your message is saved here/)).toBeTruthy();
    expect(localStorage.getItem('parley-offline:test')).toContain('Hello?');
  });

  it('shows the proxy’s validation error next to the field it names, the text kept', async () => {
    await closedPanel(CLOSED, [
      new ProxyError(400, 'body/name must NOT have more than 200 characters'),
    ]);
    await leaveMessage('Ada', 'Keep this text');
    // The form is drawn again, the text kept: query it afresh.
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe(
        'true',
      ),
    );
    const name = screen.getByRole('textbox', { name: 'Name' });
    expect(document.activeElement).toBe(name);
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Please check this field.',
    );
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe(
      'Keep this text',
    );
  });

  it('is not shown to a visitor with a conversation, nor while open', async () => {
    const { state } = await closedPanel({ ...CLOSED, open: true });
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    act(() => {
      state.availability.value = CLOSED;
      state.limits.value = { maxMessageLength: 5000, attachments: null };
    });
    expect(screen.queryByRole('button', { name: 'Send message' })).toBeNull();
  });
});
