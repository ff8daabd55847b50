import { linkify } from '../linkify.js';
import { SafeText } from '../components/SafeText.js';

/** Text as text nodes with its bare links made safe links (linkify.ts, safe-display.ts); never HTML. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part, index) =>
        'href' in part ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            <SafeText text={part.text} />
          </a>
        ) : (
          <SafeText key={index} text={part.text} />
        ),
      )}
    </>
  );
}
