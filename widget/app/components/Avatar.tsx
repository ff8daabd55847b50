import { initials } from '../i18n.js';
import { avatarSrc } from '../safe-display.js';
import { useUi } from './ui.js';

/**
 * The agent's photo (https, or on the proxy's origin) in a circle over their
 * initials: while it loads, and if it fails (it hides itself), the initials
 * show. The name itself is said next to it.
 */
export function Avatar({ name, url }: { name: string; url?: string | undefined }) {
  const src = avatarSrc(url, useUi().options.proxy);
  return (
    <span class="avatar" aria-hidden="true" part="avatar">
      {initials(name)}
      {src && (
        <img
          key={src}
          src={src}
          alt=""
          onError={(event) => {
            event.currentTarget.hidden = true;
          }}
        />
      )}
    </span>
  );
}
