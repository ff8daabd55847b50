import { useEffect, useRef } from 'preact/hooks';
import type { MessageItem, TimelineItem } from '../chat-state.js';
import { formatTime } from '../i18n.js';
import { authorOf, noticeText } from '../transcript.js';
import { Avatar } from './Avatar.js';
import { Message } from './Message.js';
import { SafeText } from './SafeText.js';
import { useUi } from './ui.js';

type Row = { notice: Extract<TimelineItem, { kind: 'notice' }> } | { group: MessageItem[] };

const GROUP_WITHIN_MS = 5 * 60 * 1000;

/** Consecutive messages from the same person, close in time, share one name and avatar. */
export function groupTimeline(items: TimelineItem[]): Row[] {
  const rows: Row[] = [];
  for (const item of items) {
    const last = rows.at(-1);
    const previous = last && 'group' in last ? last.group.at(-1)! : undefined;
    if (item.kind === 'notice') rows.push({ notice: item });
    else if (
      previous &&
      previous.role === item.role &&
      previous.authorName === item.authorName &&
      Date.parse(item.at) - Date.parse(previous.at) < GROUP_WITHIN_MS
    )
      (last as { group: MessageItem[] }).group.push(item);
    else rows.push({ group: [item] });
  }
  return rows;
}

/** The conversation as a polite live region: screen readers hear new messages and notices. */
export function Timeline() {
  const { chat, strings, options } = useUi();
  const { state } = chat;
  const items = state.timeline.value;
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [items.length]);
  const rows = groupTimeline(items);
  const last = items.at(-1);
  const replies =
    last?.kind === 'message' && last.role !== 'visitor' && !state.ended.value
      ? last.quickReplies
      : undefined;

  return (
    <div
      class="timeline"
      role="log"
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
      {rows.map((row) =>
        'notice' in row ? (
          <p key={row.notice.key} class="notice" part="notice">
            <SafeText text={noticeText(row.notice, strings)} />
          </p>
        ) : (
          <Group key={row.group[0]!.key} group={row.group} />
        ),
      )}
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
            {formatTime(at, locale)}
          </time>
        )}
      </div>
    </div>
  );
}
