import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WidgetOptions } from '../../loader/options.js';
import type { Locale } from '../../locales.js';
import type { ChatView } from '../chat-controller.js';
import type { Strings } from '../locales/en.js';

/** What every part of the panel needs: the chat, the words, the options. */
export interface Ui {
  /** Read-only state and the actions: components never write a signal. */
  chat: ChatView;
  strings: Strings;
  locale: Locale;
  options: WidgetOptions;
  title: string;
  onClose: () => void;
  /** Where the transcript download link goes (the shadow root). */
  root: ShadowRoot | undefined;
}

export const UiContext = createContext<Ui>(undefined as unknown as Ui);
export const useUi = () => useContext(UiContext);
