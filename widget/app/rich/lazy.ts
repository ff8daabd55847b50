import { useEffect, useState } from 'preact/hooks';

/**
 * The rich parts of a message are chunks of their own, fetched the first time a
 * message needs one: formatted text (markdown and links, Markdown.tsx) and cards
 * (cards/MessageCards.tsx). A chat of plain words loads neither. Until a chunk
 * arrives the message shows its text plain; once loaded it is at hand at once.
 */
const loaded = new Map<unknown, unknown>();

export function useLazy<T>(load: () => Promise<T>, wanted: boolean): T | undefined {
  const [module, setModule] = useState(loaded.get(load) as T | undefined);
  useEffect(() => {
    if (wanted && !module)
      load().then((value) => {
        loaded.set(load, value);
        setModule(() => value);
      }, Boolean);
  }, [wanted]);
  return wanted ? module : undefined;
}

/**
 * Could the text be more than plain words: markdown (`*`, `_`, `~`, a backtick,
 * `[`, a list line) or a link (`:` of `https:`, `mailto:`, `tel:`; `www.`)?
 * Cheap and in the first open; a yes fetches the parser, a false yes costs nothing.
 */
export const mightBeRich = (text: string) => /[*_~`[:]|www\.|^ *(?:[-+]|\d+[.)]) /im.test(text);

export const loadRichText = () => import('./Markdown.js');
export const loadCards = () => import('./cards/MessageCards.js');
