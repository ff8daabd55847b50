import { useRef, useState } from 'preact/hooks';
import type { Strings } from '../strings.js';

/** The message box: Enter sends, Shift+Enter breaks the line. */
export function Composer(props: {
  strings: Strings;
  onSend: (text: string) => void;
  inputRef: { current: HTMLTextAreaElement | null };
}) {
  const { strings } = props;
  const [text, setText] = useState('');
  const formRef = useRef<HTMLFormElement>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    props.onSend(text);
    setText('');
  };

  return (
    <form class="composer" ref={formRef} onSubmit={submit} part="composer">
      <label class="visually-hidden" for="parley-message">
        {strings.messageLabel}
      </label>
      <textarea
        id="parley-message"
        ref={props.inputRef}
        rows={1}
        maxLength={5000}
        placeholder={strings.placeholder}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
        }}
      />
      <button type="submit" class="send" disabled={!text.trim()}>
        {strings.send}
      </button>
    </form>
  );
}
