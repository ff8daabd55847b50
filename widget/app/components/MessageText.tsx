import { linkify } from '../linkify.js';
import { SafeText } from './SafeText.js';

/** Message text as text nodes and safe links (linkify.ts, safe-display.ts); never HTML. */
export function MessageText({ text }: { text: string }) {
  return (
    <p class="text">
      {linkify(text).map((part, index) =>
        'href' in part ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            <SafeText text={part.text} />
          </a>
        ) : (
          <SafeText key={index} text={part.text} />
        ),
      )}
    </p>
  );
}
