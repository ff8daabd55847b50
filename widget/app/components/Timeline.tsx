import { useEffect, useRef } from 'preact/hooks';
import type { MessageItem } from '../chat-state.js';
import { formatDay, formatTime } from '../i18n.js';
import { plainText } from '../safe-display.js';
import { type Row, timelineRows } from '../timeline-rows.js';
import { authorOf, noticeText } from '../transcript.js';
import { Avatar } from './Avatar.js';
import { Message } from './Message.js';
import { SafeText } from './SafeText.js';
import { useUi } from './ui.js';

/** The conversation as a polite live region: screen readers hear new messages and notices. */
export function Timeline() {
  const { chat, strings, options } = useUi();
  const { state } = chat;
  const items = state.timeline.value;
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [items.length]);
  const rows = timelineRows(items);
  const last = items.at(-1);
  const replies =
    last?.kind === 'message' && last.role !== 'visitor' && !state.ended.value
      ? last.quickReplies
      : undefined;

  return (
    <div
      class="timeline"
      role="log"
      // A scrolling region the keyboard can scroll: a log of text and answered (locked)
      // cards may hold nothing else to focus (WCAG 2.1.1, axe scrollable-region-focusable).
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log takes focus to scroll
      tabIndex={0}
      aria-live="polite"
      aria-label={strings.messages}
      part="messages"
    >
      {options.greeting && (
        <div class="group theirs">
          <div class="bubbles">
            <div class="message">
              <p class="text">{options.greeting}</p>
            </div>
          </div>
        </div>
      )}
      {rows.map((row) => (
        <RowView key={row.key} row={row} />
      ))}
      {replies && (
        <fieldset class="replies" part="quick-replies">
          <legend class="visually-hidden">{strings.suggestedReplies}</legend>
          {replies.map((reply) => (
            <button key={reply.payload} type="button" onClick={() => chat.quickReply(reply)}>
              <SafeText text={reply.title} />
            </button>
          ))}
        </fieldset>
      )}
      <div ref={end} />
    </div>
  );
}

function RowView({ row }: { row: Row }) {
  const { strings, locale } = useUi();
  switch (row.kind) {
    case 'day':
      return (
        <p class="day" part="day">
          <time dateTime={row.at}>{formatDay(row.at, locale)}</time>
        </p>
      );
    case 'chip':
      return (
        <p class="chip" part="notice">
          <SafeText text={noticeText(row.notice, strings)} />
        </p>
      );
    case 'transfer':
      return (
        <p class="chip transfer" part="notice transfer">
          <SafeText
            text={
              row.to === undefined
                ? strings.transferred
                : strings.transferredTo(
                    plainText(row.to || strings.agent),
                    row.queueName && plainText(row.queueName),
                  )
            }
          />
        </p>
      );
    case 'group':
      return <Group group={row.items} />;
  }
}

function Group({ group }: { group: MessageItem[] }) {
  const { strings, locale } = useUi();
  const first = group[0]!;
  const mine = first.role === 'visitor';
  const author = authorOf(first, strings);
  const at = group.at(-1)!.at;
  return (
    <div class={`group ${mine ? 'mine' : 'theirs'}`} part="message-group">
      {!mine && <Avatar name={author} url={first.authorAvatarUrl} />}
      <div class="bubbles">
        <span class="author" aria-hidden="true">
          <SafeText text={author} />
        </span>
        {group.map((item) => (
          <Message
            key={item.key}
            item={item}
            label={`${author}, ${formatTime(item.at, locale)}: `}
          />
        ))}
        {at && (
          <time class="time" dateTime={at} aria-hidden="true">
            {formatTime(at, locale, true)}
          </time>
        )}
      </div>
    </div>
  );
}
