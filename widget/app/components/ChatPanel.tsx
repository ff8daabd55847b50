import { useEffect, useRef } from 'preact/hooks';
import type { Chat } from '../chat-controller.js';
import type { Strings } from '../strings.js';
import { Composer } from './Composer.js';
import { Timeline } from './Timeline.js';

export interface PanelProps {
  chat: Chat;
  strings: Strings;
  title: string;
  subtitle: string;
  onClose: () => void;
}

/** The chat window. Focus moves into it on open; Esc closes it. */
export function ChatPanel({ chat, strings, title, subtitle, onClose }: PanelProps) {
  const { state } = chat;
  const input = useRef<HTMLTextAreaElement>(null);
  const open = state.open.value;
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const agentName = state.agent.value?.name ?? strings.agent;
  return (
    <section
      class="panel"
      role="dialog"
      aria-labelledby="parley-title"
      hidden={!open}
      part="panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header class="header" part="header">
        <div>
          <h2 id="parley-title">{title}</h2>
          <p class="subtitle">{subtitle}</p>
        </div>
        <button type="button" class="close" aria-label={strings.close} onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </header>
      {state.connection.value === 'reconnecting' && <p class="banner">{strings.reconnecting}</p>}
      <Timeline timeline={state.timeline} strings={strings} />
      <p class="typing" aria-live="polite">
        {state.agentTyping.value ? strings.agentTyping(agentName) : ''}
      </p>
      <Composer strings={strings} inputRef={input} onSend={(text) => void chat.send(text)} />
    </section>
  );
}
