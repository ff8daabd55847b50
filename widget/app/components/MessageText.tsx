import { loadRichText, mightBeRich, useLazy } from '../rich/lazy.js';
import { SafeText } from './SafeText.js';

/**
 * Message text as text nodes; never HTML. Text that may hold markdown or a link
 * is drawn by the formatted-text chunk (rich/Markdown.tsx: links through
 * safe-link.ts) once it is loaded, and shows as plain words until then.
 */
export function MessageText({ text }: { text: string }) {
  const rich = useLazy(loadRichText, mightBeRich(text));
  if (rich) return <rich.Markdown text={text} />;
  return (
    <p class="text">
      <SafeText text={text} />
    </p>
  );
}
