import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Strings } from '../../locales/en.js';
import type { SubmitData, SubmitType } from './card-submit.js';

/** What a card's elements need from the message they are in. */
export interface CardUi {
  strings: Strings;
  /** Answered once already: every input and action is disabled. */
  locked: boolean;
  /** An Action.Submit or Action.Execute: its data merged with the card's inputs. */
  submit: (type: SubmitType, data: SubmitData, title: string) => void;
  /** A button of 8x8's own cards that answers with a postback, as a quick reply does. */
  reply: (title: string, payload: string) => void;
  /** Makes ids unique in the page (labels point at their inputs). */
  idPrefix: string;
}

export const CardContext = createContext<CardUi>(undefined as unknown as CardUi);
export const useCard = () => useContext(CardContext);
