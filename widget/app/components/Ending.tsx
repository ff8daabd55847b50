import { downloadTranscript, transcriptText } from '../transcript.js';
import { useUi } from './ui.js';

/** "End this chat?": asked in the panel, answered by keyboard as well as by pointer. */
export function EndConfirm() {
  const { chat, strings } = useUi();
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="parley-confirm" part="confirm">
      <p id="parley-confirm">{strings.endConfirm}</p>
      <div class="actions">
        <button type="button" class="primary" data-autofocus onClick={() => void chat.endChat()}>
          {strings.endChat}
        </button>
        <button type="button" class="secondary" onClick={chat.cancelEnd}>
          {strings.cancel}
        </button>
      </div>
    </div>
  );
}

/** The closed state: the transcript to keep, and a way to start again. */
export function ChatEnded() {
  const { chat, strings, locale, title, root } = useUi();
  const download = () =>
    root &&
    downloadTranscript(
      root,
      transcriptText(chat.state.timeline.value, strings, locale, title),
      strings.transcript,
    );
  return (
    <div class="ended" part="ended">
      <button type="button" class="primary" data-autofocus onClick={chat.newChat}>
        {strings.newChat}
      </button>
      <button type="button" class="secondary" onClick={download}>
        {strings.download}
      </button>
    </div>
  );
}
