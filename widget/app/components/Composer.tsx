import { useRef, useState } from 'preact/hooks';
import type { MAX_MESSAGE_LENGTH } from '../../../protocol/limits.js';
import { formatBytes } from '../i18n.js';
import { Icon } from './Icon.js';
import { useUi } from './ui.js';

/** Until the proxy has said its limits; typed as the proxy's own, so the two cannot differ. */
const DEFAULT_MAX_LENGTH: typeof MAX_MESSAGE_LENGTH = 5000;

/** The message box: Enter sends, Shift+Enter breaks the line; a file goes as its own message. */
export function Composer() {
  const { chat, strings, locale } = useUi();
  const { state } = chat;
  const [text, setText] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const limits = state.limits.value;
  // Before the first message the limits are unknown: offer attachments, the proxy has the last word.
  const attachments = limits ? limits.attachments : { maxBytes: Infinity, types: [] };

  const submit = (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    chat.send(text);
    setText('');
  };

  const pick = () => {
    const chosen = file.current?.files?.[0];
    if (file.current) file.current.value = '';
    if (!chosen || !attachments) return;
    if (attachments.types.length > 0 && !attachments.types.includes(chosen.type)) {
      chat.rejectFile(strings.fileType);
    } else if (chosen.size > attachments.maxBytes) {
      chat.rejectFile(strings.fileTooBig(formatBytes(attachments.maxBytes, locale)));
    } else chat.send('', chosen);
  };

  return (
    <form class="composer" onSubmit={submit} part="composer">
      <label class="visually-hidden" for="parley-message">
        {strings.messageLabel}
      </label>
      <textarea
        id="parley-message"
        data-autofocus
        rows={1}
        maxLength={limits?.maxMessageLength ?? DEFAULT_MAX_LENGTH}
        placeholder={strings.placeholder}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value);
          chat.typing();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
        }}
      />
      {attachments && (
        <>
          <input
            ref={file}
            type="file"
            class="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            accept={attachments.types.join(',')}
            onChange={pick}
          />
          <button
            type="button"
            class="icon-button"
            aria-label={strings.attach}
            onClick={() => file.current?.click()}
          >
            <Icon name="attach" />
          </button>
        </>
      )}
      <button
        type="submit"
        class="icon-button send"
        aria-label={strings.send}
        disabled={!text.trim()}
      >
        <Icon name="send" />
      </button>
    </form>
  );
}
