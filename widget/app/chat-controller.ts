import type { CardSubmit, LoggedEvent, QuickReply } from '../../protocol/events.js';
import type { RatingRequest } from '../../protocol/visitor-data.js';
import type { ConversationCredentials, VisitorDetails } from '../../protocol/widget-api.js';
import { applyEvent } from './apply-event.js';
import { createAvailability } from './availability.js';
import { createChatState, type ReadonlyChatState } from './chat-state.js';
import { createCredentials } from './credentials.js';
import { watchOtherTabs } from './cross-tab.js';
import type { Files } from './files/files.js';
import { createHistorySync } from './history-sync.js';
import type { OfflineMessages } from './offline-messages.js';
import { type ProxyClient, ProxyError } from './proxy-client.js';
import { answered } from './rich/cards/answered.js';
import type { SavedConversation } from './saved-conversation.js';
import { createSending } from './sending.js';
import type { TranscriptEmail } from './transcript-email.js';
import { expireAgentTyping, visitorTyping } from './typing.js';

export interface ChatOptions {
  client: ProxyClient;
  saved: SavedConversation;
  /** The pre-chat form must be filled in before the first message. */
  prechat: boolean;
  locale: () => string;
  /** An event as it happens (not history read after a reload); `own`: this tab's stream got it. */
  onLive?: (event: LoggedEvent, own: boolean) => void;
  /** Something the visitor asked for failed: starting the chat, or ending it. */
  onError?: (message: string, during: 'start' | 'end') => void;
}

/**
 * The visitor's actions and the conversation's life: start it on the first
 * message, send through the outbox, follow the (tab-shared) event stream, read
 * the transcript after a reload or a reset, end it, start over. State lives in
 * signals (chat-state.ts); events become state only in apply-event.ts, and
 * everything else that changes it is an action here.
 */
export function createChat(options: ChatOptions) {
  const { client } = options;
  const state = createChatState();
  // No prototype (no-prototype.ts): a detail the visitor did not give is missing.
  const visitor: VisitorDetails = Object.create(null);
  const variables: Record<string, string> = Object.create(null);
  const credentials = createCredentials(client, options.saved, state);
  const history = createHistorySync({
    client,
    state,
    credentials,
    apply: (event, live, own = false) => {
      if (applyEvent(state, event) && live) options.onLive?.(event, own);
    },
    onGone: forget,
  });

  const availability = createAvailability(client, state);
  let checkedAt = 0;
  let prechatSubmitted = false;
  /** The transcript email of this conversation (a new chat gets a new one). */
  let mail: Promise<TranscriptEmail> | undefined;
  /** The pre-chat form shows while it has something to ask and nothing was said yet. */
  const askFirst = () => {
    if (prechatSubmitted || credentials.saved() || state.timeline.value.length) return;
    state.prechatDone.value = !(options.prechat || availability.picking());
  };
  const checkAvailability = async () => {
    checkedAt = Date.now();
    await availability.check();
    askFirst();
  };

  let starting: Promise<ConversationCredentials> | undefined;
  const conversation = (): Promise<ConversationCredentials> => {
    if (credentials.saved()) return credentials.fresh();
    const department = availability.chosen();
    starting ??= client
      .createConversation({
        ...(Object.keys(visitor).length > 0 ? { visitor } : {}),
        ...(Object.keys(variables).length > 0 ? { variables } : {}),
        locale: options.locale(),
        ...(department ? { department } : {}),
      })
      .then((created) => {
        credentials.store({ credentials: created, seen: 0 });
        history.follow(true);
        return created;
      })
      .finally(() => {
        starting = undefined;
      });
    return starting;
  };

  const sending = createSending({
    client,
    state,
    conversation,
    onFail: (reason) => {
      if (!credentials.saved()) options.onError?.(reason, 'start');
    },
  });
  const stopTypingTimeout = expireAgentTyping(state);
  // Drag and drop, paste and the files waiting to be sent: a chunk, loaded on first use.
  let files: Files | undefined;
  let loadingFiles: Promise<Files> | undefined;

  function forget() {
    history.forget();
    credentials.forget();
  }

  /** Back to a fresh start: no conversation, nothing stored. */
  function reset() {
    forget();
    state.conversation.value = 'none';
    state.queue.value = state.agent.value = state.limits.value = state.error.value = undefined;
    state.agentTyping.value = state.confirmingEnd.value = false;
    state.survey.value = 'offered';
    state.timeline.value = state.drafts.value = [];
    state.connection.value = 'offline';
    state.seenId.value = state.lastEventId = 0;
    prechatSubmitted = false;
    mail = undefined;
    state.transcriptEmail.value = 'idle';
    askFirst();
  }

  const unwatch = watchOtherTabs({
    storage: options.saved,
    credentials,
    state,
    join: () => history.follow(true),
    leave: reset,
  });

  state.prechatDone.value = !options.prechat;
  const found = options.saved.load();
  if (found) {
    credentials.store(found);
    state.prechatDone.value = true;
    history.follow(false);
  }
  void checkAvailability();

  // The offline form and the transcript email: parts in their own chunks, made once needed.
  const offlineKey = `parley-offline:${client.proxyUrl}`;
  let offline: Promise<OfflineMessages> | undefined;
  const offlineMessages = () =>
    (offline ??= import('./offline-messages.js').then((part) =>
      part.createOfflineMessages(client, offlineKey, state),
    ));
  // A message left while closed and not yet taken by the proxy (a reload, an outage): on its way.
  try {
    if (localStorage.getItem(offlineKey)) void offlineMessages();
  } catch {}

  /** A problem worth a line in the panel. */
  const showError = (message: string) => {
    state.error.value = message;
  };

  return {
    state,
    /** Details from the pre-chat form or identify(), for the next conversation. */
    visitor,
    variables,
    /** The text, and the files waiting above the composer. */
    send: (text: string) => (files ? files.send(text) : sending.send(text)),
    retry: sending.retry,
    /** Answers with the title as text, and its payload for a bot behind 8x8 to route on. */
    quickReply: (reply: QuickReply) => sending.send(reply.title, [], reply.payload),
    /** The files part (widget/app/files/): dropped, pasted and chosen files, their uploads. */
    files: () =>
      (loadingFiles ??= import('./files/files.js').then((chunk) => {
        files = chunk.createFiles({ state, proxy: client.proxyUrl, send: sending.send });
        return files;
      })),
    /**
     * The visitor answered the cards of a message: sent once (the outbox's client
     * message id), `summary` as the text the agent reads. The answer in the
     * timeline is what locks those cards (rich/cards/answered.ts).
     */
    submitCard(cardSubmit: CardSubmit, summary: string) {
      if (!answered(state.timeline.value, cardSubmit.messageId))
        sending.send(summary, [], undefined, cardSubmit);
    },
    typing: visitorTyping(client, credentials, state),
    /** The pre-chat form is filled in: its details (consent, department) go with the first message. */
    submitPrechat(details: VisitorDetails, consented: boolean, department?: string) {
      Object.assign(visitor, details);
      if (consented) variables.consentGivenAt = new Date().toISOString();
      // One of the picker's, so one the proxy listed.
      if (department) state.department.value = { id: department, forced: false };
      prechatSubmitted = true;
      state.prechatDone.value = true;
    },
    /** The page's department (data-department, `setDepartment`); `forced`: the visitor cannot change it. */
    async setDepartment(id: unknown, forced = false) {
      (await import('./departments.js')).chooseDepartment(state, id, forced);
      askFirst();
    },
    /** Asks again whether chats are taken (the panel opens with no conversation). */
    checkAvailability,
    /** The offline form's part: the messages left while closed, kept until the proxy has them. */
    offlineMessages,
    /** Sends the ended conversation's transcript by email (its own chunk). */
    transcriptEmail: () =>
      (mail ??= import('./transcript-email.js').then((part) =>
        part.createTranscriptEmail(client, credentials, state),
      )),
    showError,
    /** The visitor asked to end the chat: confirm first. */
    askToEnd() {
      state.confirmingEnd.value = true;
    },
    cancelEnd() {
      state.confirmingEnd.value = false;
    },
    async endChat() {
      state.confirmingEnd.value = false;
      const ending = credentials.saved();
      if (!ending || state.ended.value) return;
      try {
        await client.close(await credentials.fresh());
        if (credentials.saved() === ending) await history.catchUp(true);
      } catch (error) {
        options.onError?.((error as Error).message, 'end');
      }
    },
    newChat: reset,
    /** The survey's answer; a conversation rated before (another tab) counts as answered. */
    async rate(rating: RatingRequest) {
      const saved = credentials.saved();
      if (!saved) return;
      state.survey.value = 'sending';
      try {
        await client.rate(await credentials.fresh(), rating);
        state.survey.value = 'sent';
      } catch (error) {
        const rated = error instanceof ProxyError && error.status === 409;
        state.survey.value = rated ? 'sent' : 'offered';
        if (!rated) showError((error as Error).message);
      }
    },
    skipSurvey() {
      state.survey.value = 'skipped';
    },
    /** The visitor's data as the proxy keeps it (JS API `exportData()`); undefined without a chat. */
    async exportData(): Promise<object | undefined> {
      return credentials.saved() && client.exportData(await credentials.fresh());
    },
    /** Deletes the visitor's data at the proxy, then forgets the chat here (`deleteData()`). */
    async deleteData() {
      const saved = credentials.saved();
      if (saved) await client.deleteData(await credentials.fresh());
      reset();
    },
    /** The panel was opened or closed (by the launcher, the visitor, or the page's script). */
    setOpen(open: boolean) {
      state.open.value = open;
      // Hours pass while a page stays open: ask again before a new chat, at most once a minute.
      if (open && !credentials.saved() && Date.now() - checkedAt > 60_000) void checkAvailability();
    },
    /** The browser's network came or went: meanwhile messages wait in the outbox. */
    setOnline(online: boolean) {
      state.offline.value = !online;
    },
    /** The visitor has seen everything so far (the panel is open and in view). */
    markSeen() {
      const saved = credentials.saved();
      if (!saved || state.lastEventId <= saved.seen) return;
      credentials.store({ ...saved, seen: state.lastEventId });
    },
    /** The visitor has seen the agent's messages up to this event (the caller batches). */
    async read(lastReadEventId: number) {
      if (!credentials.saved() || state.ended.value) return;
      await client.read(await credentials.fresh(), lastReadEventId);
    },
    stop() {
      void offline?.then((part) => part.stop());
      history.stop();
      sending.stop();
      files?.stop();
      unwatch();
      stopTypingTimeout();
    },
  };
}

export type Chat = ReturnType<typeof createChat>;

/** The chat as components see it: state to read, actions to call (a write does not compile). */
export type ChatView = Omit<Chat, 'state' | 'visitor' | 'variables'> & {
  state: ReadonlyChatState;
  visitor: Readonly<VisitorDetails>;
  variables: Readonly<Record<string, string>>;
};
