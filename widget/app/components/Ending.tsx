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
