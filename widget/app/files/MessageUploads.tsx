import type { MessageItem } from '../chat-state.js';
import { Icon } from '../components/Icon.js';
import { SafeText } from '../components/SafeText.js';
import { useUi } from '../components/ui.js';
import { formatBytes } from '../i18n.js';
import { plainText } from '../safe-display.js';
import { Thumbnail } from './FileTray.js';
import { useFiles } from './files-of.js';

/**
 * The visitor's files in their message until it is sent: each with its
 * preview (or icon, name and size), how far its upload is, and a button that
 * cancels it. Once sent, the message shows what the proxy logged instead.
 */
export function MessageUploads({ item }: { item: MessageItem }) {
  const { strings, locale } = useUi();
  const files = useFiles();
  const waiting = item.status === 'pending' || item.status === 'failed';
  return (
    <ul class="uploads">
      {item.uploads?.map((upload) => {
        const name = plainText(upload.file.name);
        return (
          <li key={upload.id} class="upload">
            {upload.preview ? (
              <Thumbnail src={upload.preview} alt={name} />
            ) : (
              <span class="upload-file">
                <SafeText text={upload.file.name} />{' '}
                <span class="draft-size">{formatBytes(upload.file.size, locale)}</span>
              </span>
            )}
            {waiting && !upload.attachmentId && (
              <span class="upload-bar">
                {item.status === 'pending' && (
                  <progress
                    value={upload.progress}
                    max={1}
                    aria-label={strings.uploading(Math.round(upload.progress * 100))}
                  />
                )}
                <button
                  type="button"
                  class="icon-button"
                  aria-label={strings.cancelUpload(name)}
                  onClick={() => files?.cancel(item.key, upload.id)}
                >
                  <Icon name="close" />
                </button>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
