import { useEffect, useRef } from 'preact/hooks';
import { isRtl } from '../../locales.js';
import { plainText } from '../safe-display.js';
import { Composer } from './Composer.js';
import { extraParts } from './extra-parts.js';
import { Header } from './Header.js';
import { Lazy } from './Lazy.js';
import { SafeText } from './SafeText.js';
import { Timeline } from './Timeline.js';
import { type Ui, UiContext, useUi } from './ui.js';

/** The chat window: a non-modal dialog. Focus moves into it on open; Esc closes it. */
export function ChatPanel(props: { ui: Ui }) {
  return (
    <UiContext.Provider value={props.ui}>
      <Panel />
    </UiContext.Provider>
  );
}

function Panel() {
  const ui = useUi();
  const { chat, strings, locale, onClose } = ui;
  const { state } = chat;
  const panel = useRef<HTMLElement>(null);
  const open = state.open.value;
  const ended = state.ended.value;
  const confirming = state.confirmingEnd.value;
  const needsPrechat =
    !state.prechatDone.value && state.conversation.value === 'none' && !state.timeline.value.length;
  const body = ended
    ? 'ended'
    : state.closed.value
      ? 'closed'
      : needsPrechat
        ? 'prechat'
        : confirming
          ? 'confirm'
          : 'chat';

  // Focus follows what the panel shows: the form, the message box, the confirm, the end.
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [open, body]);

  // Files dragged over the panel while the composer shows: the files chunk takes them.
  const dragged = (event: DragEvent) => {
    const data = event.dataTransfer;
    if (body !== 'chat' || !data?.types.includes('Files')) return;
    event.preventDefault();
    const dropped = event.type === 'drop' && [...data.files];
    void chat.files().then((part) => (dropped ? part.add(dropped) : part.drag(true)));
  };

  const agentName = plainText(state.agent.value?.name ?? strings.agent);
  return (
    <section
      ref={panel}
      class="panel"
      role="dialog"
      aria-labelledby="parley-title"
      hidden={!open}
      lang={locale}
      dir={isRtl(locale) ? 'rtl' : 'ltr'}
      part="panel"
      onDragEnter={dragged}
      onDragOver={dragged}
      onDrop={dragged}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        if (confirming) chat.cancelEnd();
        else onClose();
      }}
    >
      <Header />
      {state.connection.value === 'reconnecting' && !state.offline.value && (
        <p class="banner" role="status">
          {strings.reconnecting}
        </p>
      )}
      {state.offline.value && (
        <p class="banner" role="status">
          {strings.offline}
        </p>
      )}
      <Timeline />
      <Typing name={agentName} />
      {state.error.value && (
        <p class="error" role="alert">
          {state.error.value}
        </p>
      )}
      {body === 'ended' ? (
        <Lazy
          key="ended"
          load={() => import('./Ended.js').then((module) => module.loadChatEnded(ui))}
        />
      ) : body === 'closed' ? (
        <Lazy
          key="closed"
          load={() => import('./ClosedPanel.js').then((module) => module.loadClosedPanel(ui))}
        />
      ) : body === 'prechat' ? (
        <Lazy
          key="prechat"
          load={() => import('./PrechatForm.js').then((module) => module.loadPrechatForm(ui))}
        />
      ) : (
        <>
          {confirming && (
            <Lazy
              key="confirm"
              load={() => import('./Ending.js').then((module) => module.EndConfirm)}
            />
          )}
          {extraParts.value.map((Part, index) => (
            <Part key={index} />
          ))}
          <Composer />
        </>
      )}
    </section>
  );
}

/**
 * One quiet status line: "Alex is typing…" (until they send, or 8x8's indicator
 * would have timed out: typing.ts), or the visitor's place in the queue when 8x8 tells it,
 * else the queue's usual wait and the chats waiting, from 8x8's real-time statistics.
 */
function Typing({ name }: { name: string }) {
  const { chat, strings } = useUi();
  const typing = chat.state.agentTyping.value;
  const queue = chat.state.queue.value;
  const wait = queue?.wait;
  // 8x8's queue statistics, where it gave them: a queue-wide average, never a promise.
  const said = [
    wait?.estimatedWaitSeconds && strings.waitMinutes(Math.ceil(wait.estimatedWaitSeconds / 60)),
    wait?.waiting && strings.waitingInQueue(wait.waiting),
  ];
  return (
    <p class="typing" aria-live="polite" part="typing">
      {typing && (
        <span class="dots" aria-hidden="true">
          <i />
          <i />
          <i />
        </span>
      )}
      <SafeText
        text={
          typing
            ? strings.agentTyping(name)
            : queue?.position
              ? strings.position(queue.position)
              : said.filter(Boolean).join(' · ')
        }
      />
    </p>
  );
}
