import { act } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel.js';
import type { Ui } from './ui.js';

describe('the chat as components get it', () => {
  /**
   * The proof is the compiler's (`npm run typecheck`): each `@ts-expect-error`
   * fails the check the day such a write compiles in a component.
   */
  it('has state to read and actions to call, and no signal a component can write', async () => {
    const rendered = await renderPanel({ consent: 'I agree.' });
    const chat: Ui['chat'] = rendered.chat;
    const writes = [
      // @ts-expect-error a component asks the controller: chat.askToEnd()
      () => (chat.state.confirmingEnd.value = true),
      // @ts-expect-error nor the plain fields of the state
      () => (chat.state.lastEventId = 0),
      // @ts-expect-error the pre-chat details go through chat.submitPrechat()
      () => (chat.visitor.name = 'Ada'),
      // @ts-expect-error
      () => (chat.variables.consentGivenAt = 'now'),
    ];
    expect(writes).toHaveLength(4);

    act(() => chat.askToEnd());
    expect(chat.state.confirmingEnd.value).toBe(true);
    act(() => chat.cancelEnd());
    expect(chat.state.confirmingEnd.value).toBe(false);
    expect(chat.state.prechatDone.value).toBe(false);
    act(() => chat.submitPrechat({ name: 'Ada' }, true));
    expect(chat.state.prechatDone.value).toBe(true);
    expect(chat.visitor).toEqual({ name: 'Ada' });
    expect(chat.variables.consentGivenAt).toMatch(/^\d{4}-/);
  });
});
