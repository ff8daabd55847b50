import { useState } from 'preact/hooks';
import { initials } from '../i18n.js';
import { avatarSrc } from '../safe-display.js';
import { useUi } from './ui.js';

/**
 * The agent's photo (https, or on the proxy's origin) in a circle, else their
 * initials, also when the photo fails to load; the name itself is said next to it.
 */
export function Avatar({ name, url }: { name: string; url?: string | undefined }) {
  const [failed, setFailed] = useState<string>();
  const src = avatarSrc(url, useUi().options.proxy);
  return (
    <span class="avatar" aria-hidden="true" part="avatar">
      {src && src !== failed ? (
        <img src={src} alt="" onError={() => setFailed(src)} />
      ) : (
        initials(name)
      )}
    </span>
  );
}
