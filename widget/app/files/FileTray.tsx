import { useEffect, useRef, useState } from 'preact/hooks';
import { adoptSheet } from '../adopt-sheet.js';
import type { Draft } from '../chat-state.js';
import { Icon } from '../components/Icon.js';
import { SafeText } from '../components/SafeText.js';
import { useUi } from '../components/ui.js';
import { formatBytes } from '../i18n.js';
import { plainText } from '../safe-display.js';
import { FileIcon } from './FileIcon.js';
import { limitsHint, refusalText } from './file-words.js';
import css from './files.css?inline';
import { useFiles } from './files-of.js';

/**
 * Above the composer: the drop zone while files are dragged over the panel (a
 * picture, announced by a status line, taking no focus), and the tray of files
 * waiting to be sent, with what may be sent said before the visitor picks.
 */
export function FileTray() {
  const { root, strings, locale } = useUi();
  adoptSheet(root, css);
  const files = useFiles();
  // A live region is heard when its text changes, not when it arrives with it: on the
  // first drag the chunk (and this region) arrive during the drag, so it speaks a moment later.
  const [listening, setListening] = useState(false);
  useEffect(() => setListening(true), []);
  if (!files) return null;
  const { dragging, limits } = files.view;
  const hint = limitsHint(limits.value, strings, locale);
  return (
    <>
      {dragging.value && (
        <div
          class="drop-zone"
          part="drop-zone"
          aria-hidden="true"
          onDragLeave={(event) => {
            // Still over the zone (one of its children): the drag goes on.
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) {
              files.drag(false);
            }
          }}
        >
          <FileIcon />
          <p class="drop-title">{strings.dropFiles}</p>
          {hint && <p>{hint}</p>}
        </div>
      )}
      <p class="visually-hidden" role="status">
        {dragging.value && listening ? `${strings.dropFiles}. ${hint}` : ''}
      </p>
      <Tray hint={hint} />
    </>
  );
}

function Tray({ hint }: { hint: string }) {
  const { chat, strings } = useUi();
  const files = useFiles()!;
  const { open, picks, limits } = files.view;
  const choose = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const focused = useRef(0);
  const drafts = chat.state.drafts.value;
  const shown = open.value || drafts.length > 0;
  // The attach button was pressed: its next step, choosing, takes the focus (once per press).
  useEffect(() => {
    if (picks.value <= focused.current || !choose.current) return;
    focused.current = picks.value;
    choose.current.focus();
  });
  if (!shown) return null;
  const takes = limits.value !== null;
  return (
    <fieldset class="tray" part="files">
      <legend class="visually-hidden">{strings.filesToSend}</legend>
      {drafts.length > 0 && (
        <ul class="drafts">
          {drafts.map((draft) => (
            <DraftRow key={draft.id} draft={draft} />
          ))}
        </ul>
      )}
      <div class="tray-bar">
        <p class="hint" id="parley-files-hint">
          {hint}
        </p>
        {takes && (
          <button
            ref={choose}
            type="button"
            class="choose"
            aria-describedby="parley-files-hint"
            onClick={() => input.current?.click()}
          >
            {strings.chooseFiles}
          </button>
        )}
        <button type="button" class="icon-button" aria-label={strings.cancel} onClick={close}>
          <Icon name="close" />
        </button>
      </div>
      <input
        ref={input}
        type="file"
        multiple
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        accept={limits.value?.types.join(',')}
        onChange={(event) => {
          const chosen = [...(event.currentTarget.files ?? [])];
          event.currentTarget.value = '';
          void files.add(chosen);
        }}
      />
    </fieldset>
  );

  function close(event: Event) {
    files.close();
    focusComposer(event.currentTarget as Element);
  }
}

function DraftRow({ draft }: { draft: Draft }) {
  const { strings, locale } = useUi();
  const files = useFiles()!;
  const name = plainText(draft.file.name);
  const remove = (event: Event) => {
    // Focus stays in the list: the next file's button, else the message box.
    const row = (event.currentTarget as Element).closest('li');
    const next = (row?.nextElementSibling ?? row?.previousElementSibling)?.querySelector('button');
    files.remove(draft.id);
    if (next) next.focus();
    else focusComposer(event.currentTarget as Element);
  };
  return (
    <li class="draft" data-refused={draft.refused}>
      <Thumbnail src={draft.preview} />
      <span class="draft-text">
        <span class="draft-name">
          <SafeText text={draft.file.name} />
        </span>
        <span class="draft-size">{formatBytes(draft.file.size, locale)}</span>
        {draft.refused && (
          <span class="draft-error" role="alert">
            {refusalText(draft.refused, files.view.limits.value, strings, locale)}
          </span>
        )}
      </span>
      <button
        type="button"
        class="icon-button"
        aria-label={strings.removeFile(name)}
        onClick={remove}
      >
        <Icon name="close" />
      </button>
    </li>
  );
}

/**
 * An image's preview, or the file icon: also when the image does not decode
 * (a file whose type lies; the proxy's check of its bytes will refuse it).
 */
export function Thumbnail({ src, alt = '' }: { src: string | undefined; alt?: string }) {
  const [broken, setBroken] = useState(false);
  return src && !broken ? (
    <img class="thumb" src={src} alt={alt} onError={() => setBroken(true)} />
  ) : (
    <FileIcon />
  );
}

function focusComposer(from: Element) {
  from.closest('.panel')?.querySelector<HTMLElement>('#parley-message')?.focus();
}
