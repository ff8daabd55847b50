import type { MessageItem, NoticeItem, TimelineItem } from './chat-state.js';

/**
 * What the timeline draws, row by row: a day line when the day changes, a chip
 * for each system event, one chip for a whole transfer, and messages grouped
 * by author and minute (one avatar and one time per group).
 */
export type Row =
  | { kind: 'day'; key: string; at: string }
  | { kind: 'chip'; key: string; notice: NoticeItem }
  | { kind: 'transfer'; key: string; at: string; to?: string; queueName?: string }
  | { kind: 'group'; key: string; items: MessageItem[] };

/** The notices 8x8 sends around a transfer; they fold into the transfer's one chip. */
const TRANSFER_PARTS = new Set(['agent-left', 'queued', 'agent-joined']);

export function timelineRows(items: readonly TimelineItem[]): Row[] {
  const rows: Row[] = [];
  let day = '';
  for (const item of items) {
    const itemDay = localDay(item.at);
    if (itemDay && itemDay !== day) {
      day = itemDay;
      rows.push({ kind: 'day', key: `day-${itemDay}`, at: item.at });
    }
    const last = rows.at(-1);
    if (item.kind === 'message') addMessage(rows, last, item);
    else if (item.notice === 'transferred') addTransfer(rows, last, item);
    else if (last?.kind === 'transfer' && !last.to && TRANSFER_PARTS.has(item.notice))
      foldIntoTransfer(last, item);
    else rows.push({ kind: 'chip', key: item.key, notice: item });
  }
  return rows;
}

function addMessage(rows: Row[], last: Row | undefined, item: MessageItem) {
  const previous = last?.kind === 'group' ? last.items.at(-1)! : undefined;
  if (
    previous &&
    previous.role === item.role &&
    previous.authorName === item.authorName &&
    minute(previous.at) === minute(item.at)
  )
    (last as Extract<Row, { kind: 'group' }>).items.push(item);
  else rows.push({ kind: 'group', key: item.key, items: [item] });
}

/** "Alex left the chat" just before the transfer belongs to it too. */
function addTransfer(rows: Row[], last: Row | undefined, item: NoticeItem) {
  if (last?.kind === 'chip' && last.notice.notice === 'agent-left') rows.pop();
  rows.push({ kind: 'transfer', key: item.key, at: item.at });
}

function foldIntoTransfer(transfer: Extract<Row, { kind: 'transfer' }>, item: NoticeItem) {
  if (item.notice === 'queued' && item.queueName) transfer.queueName = item.queueName;
  // An agent joining ends the transfer: later notices are chips of their own.
  if (item.notice === 'agent-joined') transfer.to = item.name ?? '';
}

const minute = (at: string) => Math.floor(Date.parse(at) / 60_000);

/** The visitor's calendar day, for the day line; '' when the time is unknown. */
function localDay(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime())
    ? ''
    : `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** The agents of this conversation, the one answering now first: the header's avatar stack. */
export function agentsSeen(items: readonly TimelineItem[], current?: string, max = 3): string[] {
  const names: string[] = current ? [current] : [];
  for (let i = items.length - 1; i >= 0 && names.length < max; i--) {
    const item = items[i]!;
    const name =
      item.kind === 'message'
        ? item.role === 'agent'
          ? item.authorName
          : undefined
        : item.notice === 'agent-joined'
          ? item.name
          : undefined;
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}
