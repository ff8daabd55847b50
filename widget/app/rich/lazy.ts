import { useEffect, useState } from 'preact/hooks';

/**
 * The rich parts of a message (markdown, cards) are chunks of their own, fetched
 * the first time a message needs one: a chat of plain text never loads them.
 * Once loaded, a module is at hand at once (no flash of plain text).
 */
const loaded = new Map<() => Promise<unknown>, unknown>();

export function useLazy<T>(load: () => Promise<T>, wanted: boolean): T | undefined {
  const [module, setModule] = useState(loaded.get(load) as T | undefined);
  useEffect(() => {
    if (!wanted || module) return;
    load().then(
      (value) => {
        loaded.set(load, value);
        setModule(() => value);
      },
      () => undefined,
    );
  }, [wanted]);
  return wanted ? module : undefined;
}

/** Could this text have markdown? Cheap, linear, in the first-open bundle; the parser is not. */
export const mightHaveMarkup = (text: string) =>
  /[*_~`[]|^ {0,3}(?:[-*+]|\d{1,9}[.)]) /m.test(text);

export const loadMarkdown = () => import('./Markdown.js');
export const loadCards = () => import('./cards/CardList.js');
