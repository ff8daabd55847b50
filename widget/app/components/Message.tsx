import type { MessageItem } from '../chat-state.js';
import { loadCards, useLazy } from '../rich/lazy.js';
import { plainText } from '../safe-display.js';
import { messageUploads } from './extra-parts.js';
import { MessageText } from './MessageText.js';
import { SafeText } from './SafeText.js';
import { useUi } from './ui.js';

/** One bubble: text as text nodes, files, and for the visitor's own its sending state. */
/** `label` is said before the text: who wrote it and when (grouping hides it on screen). */
export function Message({ item, label }: { item: MessageItem; label: string }) {
  const { chat, strings } = useUi();
  const Uploads = messageUploads.value;
  // A message with cards is drawn by the card chunk; its text plain until that arrives.
  const cards = useLazy(loadCards, item.cards !== undefined);
  return (
    <div
      class="message"
      data-status={item.status}
      data-event-id={item.role === 'visitor' ? undefined : item.id}
      part={`message ${item.role === 'visitor' ? 'visitor-message' : 'agent-message'}`}
    >
      <span class="visually-hidden">{label}</span>
      {item.uploads
        ? Uploads && <Uploads item={item} />
        : item.attachments.map((file) =>
            !isWebUrl(file.url) ? (
              <p key={file.id} class="file">
                <SafeText text={file.name} />
              </p>
            ) : (
              <a
                key={file.id}
                class="file"
                href={file.url}
                target="_blank"
                rel="noopener noreferrer"
              >
                {file.kind === 'image' ? (
                  <img class="image" src={file.url} alt={plainText(file.name)} loading="lazy" />
                ) : (
                  <SafeText text={file.name} />
                )}
              </a>
            ),
          )}
      {cards ? <cards.MessageCards item={item} /> : item.text && <MessageText text={item.text} />}
      {item.status && item.status !== 'failed' && (
        <span class="status">{strings[item.status]}</span>
      )}
      {item.status === 'failed' && (
        <span class="status">
          {strings.failed}{' '}
          <button type="button" class="link" onClick={() => chat.retry(item.key)}>
            {strings.retry}
          </button>
        </span>
      )}
    </div>
  );
}

/** Links and images from the proxy are http(s) only: a javascript: URL would run in the host page. */
function isWebUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}
