import type { Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { TimelineItem } from '../chat-state.js';
import type { Strings } from '../strings.js';
import { MessageText } from './MessageText.js';

/** The conversation as a polite live region: screen readers hear new messages and notices. */
export function Timeline(props: { timeline: Signal<TimelineItem[]>; strings: Strings }) {
  const { strings } = props;
  const items = props.timeline.value;
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [items.length]);

  return (
    <div
      class="timeline"
      role="log"
      aria-live="polite"
      aria-label={strings.messages}
      part="messages"
    >
      {items.map((item) =>
        item.kind === 'notice' ? (
          <p key={item.key} class="notice">
            {noticeText(item, strings)}
          </p>
        ) : (
          <div
            key={item.key}
            class={`message ${item.role === 'visitor' ? 'mine' : 'theirs'}`}
            data-status={item.status}
          >
            <span class="author">
              {item.role === 'visitor' ? strings.you : (item.authorName ?? strings.agent)}
            </span>
            <MessageText text={item.text} />
            {item.status && item.status !== 'sent' && (
              <span class="status">
                {item.status === 'pending' ? strings.pending : strings.failed}
              </span>
            )}
          </div>
        ),
      )}
      <div ref={end} />
    </div>
  );
}

function noticeText(item: Extract<TimelineItem, { kind: 'notice' }>, strings: Strings): string {
  switch (item.notice) {
    case 'agent-joined':
      return strings.agentJoined(item.name ?? strings.agent);
    case 'agent-left':
      return strings.agentLeft(item.name ?? strings.agent);
    case 'transferred':
      return strings.transferred;
    case 'queued':
      return strings.queued(item.queueName);
    case 'ended':
      return strings.ended;
  }
}
