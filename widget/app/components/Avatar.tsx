import { initials } from '../i18n.js';

/** The agent's initials in a circle; the name itself is said next to it. */
export function Avatar({ name }: { name: string }) {
  return (
    <span class="avatar" aria-hidden="true" part="avatar">
      {initials(name)}
    </span>
  );
}
