import { useState } from 'preact/hooks';
import type { MAX_MESSAGE_LENGTH } from '../../../protocol/limits.js';
import { Icon } from './Icon.js';
import { useUi } from './ui.js';

/** Until the proxy has said its limits; typed as the proxy's own, so the two cannot differ. */
const DEFAULT_MAX_LENGTH: typeof MAX_MESSAGE_LENGTH = 5000;

/**
 * The message box: Enter sends, Shift+Enter breaks the line. The files waiting
 * above it (the tray, widget/app/files/) go with the text; attaching, and
 * pasting an image, load that chunk.
 */
export function Composer() {
  const { chat, strings } = useUi();
  const { state } = chat;
  const [text, setText] = useState('');
  const limits = state.limits.value;
  const files = state.drafts.value.some((draft) => !draft.refused);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!text.trim() && !files) return;
    chat.send(text);
    setText('');
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
        onPaste={(event) => {
          // Files (a screenshot, a copied image) are attached; text, even with a picture of it, is pasted.
          const data = event.clipboardData;
          if (!data?.files.length || data.types.includes('text/plain')) return;
          event.preventDefault();
          const pasted = [...data.files];
          void chat.files().then((part) => part.add(pasted));
        }}
      />
      {limits?.attachments !== null && (
        <button
          type="button"
          class="icon-button"
          aria-label={strings.attach}
          onClick={() => void chat.files().then((part) => part.pick())}
        >
          <Icon name="attach" />
        </button>
      )}
      <button
        type="submit"
        class="icon-button send"
        aria-label={strings.send}
        disabled={!text.trim() && !files}
      >
        <Icon name="send" />
      </button>
    </form>
  );
}
