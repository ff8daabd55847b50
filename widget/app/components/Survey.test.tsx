import { act, fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel.js';

const LIMITS = { maxMessageLength: 5000, attachments: null };

describe('the survey after a chat', () => {
  it('asks how it went as a labelled radiogroup, focused, and sends the score and comment', async () => {
    const { chat, state, feed } = await renderPanel();
    act(() => {
      state.limits.value = { ...LIMITS, survey: 'stars' };
      feed({ type: 'conversation', state: 'closed' });
    });
    const group = await screen.findByRole('radiogroup', { name: 'How was this chat?' });
    const four = screen.getByRole('radio', { name: '4 of 5' });
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('radio', { name: '1 of 5' })),
    );
    expect(group.querySelectorAll('input[type=radio]')).toHaveLength(5);
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(four);
    fireEvent.input(screen.getByRole('textbox', { name: /Comment/ }), {
      target: { value: '  quick and kind  ' },
    });
    fireEvent.click(send);
    expect(chat.rate).toHaveBeenCalledWith({ scale: 'stars', score: 4, comment: 'quick and kind' });
  });

  it('offers thumbs when the proxy says so, and can be skipped', async () => {
    const { state, feed } = await renderPanel();
    act(() => {
      state.limits.value = { ...LIMITS, survey: 'thumbs' };
      feed({ type: 'conversation', state: 'closed' });
    });
    expect(await screen.findByRole('radio', { name: 'Good' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Bad' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }));
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Start a new chat' }));
  });

  it('is not offered when the proxy or data-survey="off" turns it off', async () => {
    const { state, feed } = await renderPanel({ survey: false });
    act(() => {
      state.limits.value = { ...LIMITS, survey: 'stars' };
      feed({ type: 'conversation', state: 'closed' });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(screen.getByRole('button', { name: 'Start a new chat' })).toBeTruthy();
  });
});
