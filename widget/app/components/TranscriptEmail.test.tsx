import { act, fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { ConversationCredentials } from '../../../protocol/widget-api.js';
import type { Credentials } from '../credentials.js';
import { type ProxyClient, ProxyError } from '../proxy-client.js';
import { createTranscriptEmail } from '../transcript-email.js';
import { renderPanel } from './render-panel.js';

/** A lazy chunk's first load is transformed on demand: on a busy machine, seconds. */
const LAZY = { timeout: 10_000 };

const LIMITS = { maxMessageLength: 5000, attachments: null };
const CREDENTIALS = { conversationId: 'conv1', token: 'api-1' } as ConversationCredentials;

/** The ended panel, the proxy offering the transcript email and answering as told. */
async function endedPanel(transcriptEmail: boolean, answers: (ProxyError | 'ok')[] = []) {
  const calls: { path: string; body: unknown }[] = [];
  const client = {
    call: vi.fn(async (path: string, init: { body: unknown }) => {
      calls.push({ path, body: init.body });
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') throw answer;
      return { id: 'transcript:1', status: 'pending' };
    }),
  } as unknown as ProxyClient;
  const credentials = { fresh: async () => CREDENTIALS } as unknown as Credentials;
  const view = await renderPanel();
  const part = createTranscriptEmail(client, credentials, view.chat.state);
  view.chat.transcriptEmail = vi.fn(async () => part);
  act(() => {
    view.state.availability.value = {
      open: true,
      source: 'always',
      offlineForm: false,
      transcriptEmail,
      departments: [],
      attachments: null,
    };
    view.state.limits.value = LIMITS;
    view.feed({ type: 'conversation', state: 'closed' });
  });
  return { ...view, calls };
}

const send = async (address: string) => {
  const field = await screen.findByRole('textbox', { name: 'Email' }, LAZY);
  fireEvent.input(field, { target: { value: address } });
  const button = screen.getByRole('button', { name: 'Email the transcript' }) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  fireEvent.click(button);
  return field;
};

describe('the transcript by email', () => {
  it('is offered only when the proxy says so', async () => {
    await endedPanel(false);
    expect(await screen.findByRole('button', { name: 'Start a new chat' }, LAZY)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Email the transcript' })).toBeNull();
  });

  it('checks the address first, the error tied to the field', async () => {
    const { calls } = await endedPanel(true);
    const field = await send('ada@');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Enter an email address like name@example.com.',
    );
    expect(calls).toEqual([]);
  });

  it('sends it to the conversation’s transcript-email route and says so', async () => {
    const { calls } = await endedPanel(true);
    await send(' ada@example.com ');
    expect(await screen.findByText('The transcript is on its way to your inbox.')).toBeTruthy();
    expect(calls).toEqual([
      { path: '/conversations/conv1/transcript-email', body: { email: 'ada@example.com' } },
    ]);
  });

  it('says when it was rate-limited, and when it failed', async () => {
    await endedPanel(true, [
      new ProxyError(429, 'Too many', 3600_000),
      new ProxyError(0, 'network'),
    ]);
    await send('ada@example.com');
    const status = await screen.findByText('Too many requests. Please try again later.');
    expect(status.getAttribute('role')).toBe('status');
    await send('ada@example.com');
    expect(
      await screen.findByText('The transcript could not be sent. Please try again.'),
    ).toBeTruthy();
  });
});
