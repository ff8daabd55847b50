import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Chat } from '../chat-controller.js';
import { createChatState } from '../chat-state.js';
import { en } from '../strings.js';
import { ChatPanel } from './ChatPanel.js';

function fakeChat(): Chat {
  const state = createChatState();
  state.open.value = true;
  return { state, send: vi.fn(async () => {}), resume: () => {}, stop: () => {} };
}

describe('ChatPanel', () => {
  it('sends what the visitor typed on Enter and clears the box', () => {
    const chat = fakeChat();
    render(<ChatPanel chat={chat} strings={en} title="Support" subtitle="" onClose={() => {}} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.input(box, { target: { value: 'hello' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(chat.send).toHaveBeenCalledWith('hello');
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('shows messages in a polite log, as text, with their status', () => {
    const chat = fakeChat();
    chat.state.timeline.value = [
      {
        kind: 'message',
        key: 'a',
        role: 'visitor',
        text: '<b>bold?</b>',
        at: '',
        attachments: [],
        status: 'failed',
      },
      { kind: 'notice', key: 'n', at: '', notice: 'agent-joined', name: 'Alex' },
    ];
    render(<ChatPanel chat={chat} strings={en} title="Support" subtitle="" onClose={() => {}} />);
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByText('<b>bold?</b>')).toBeTruthy();
    expect(log.querySelector('b')).toBeNull();
    expect(screen.getByText('Not sent')).toBeTruthy();
    expect(screen.getByText('Alex joined the chat')).toBeTruthy();
  });

  it('closes on Escape', () => {
    const onClose = vi.fn();
    render(
      <ChatPanel chat={fakeChat()} strings={en} title="Support" subtitle="" onClose={onClose} />,
    );
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});
