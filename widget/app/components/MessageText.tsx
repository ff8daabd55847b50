import { linkify } from '../linkify.js';

/** Message text as text nodes and safe links; never HTML. */
export function MessageText({ text }: { text: string }) {
  return (
    <p class="text">
      {linkify(text).map((part, index) =>
        'href' in part ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
