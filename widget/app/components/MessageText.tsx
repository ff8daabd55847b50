import { loadMarkdown, mightHaveMarkup, useLazy } from '../rich/lazy.js';
import { LinkedText } from './LinkedText.js';

/**
 * Message text as text nodes and safe links; text that may hold markdown is drawn
 * by the markdown chunk once it is loaded (plain until then). Never HTML.
 */
export function MessageText({ text }: { text: string }) {
  const rich = useLazy(loadMarkdown, mightHaveMarkup(text));
  if (rich) return <rich.Markdown text={text} />;
  return (
    <p class="text">
      <LinkedText text={text} />
    </p>
  );
}
