import { describe, expect, it } from 'vitest';
import type { MessageItem, Notice, NoticeItem } from './chat-state.js';
import { agentsSeen, timelineRows } from './timeline-rows.js';

let seq = 0;
const message = (
  at: string,
  role: MessageItem['role'] = 'agent',
  authorName?: string,
): MessageItem => ({
  kind: 'message',
  key: `m${++seq}`,
  role,
  ...(role === 'agent' ? { authorName: authorName ?? 'Alex' } : {}),
  text: 'hi',
  at,
  attachments: [],
});
const notice = (at: string, value: Notice): NoticeItem => ({
  kind: 'notice',
  key: `n${++seq}`,
  at,
  ...value,
});

// Midday, so the day is the same in every time zone the tests might run in.
const T = '2026-03-10T12:00';

describe('timelineRows', () => {
  it('groups one author’s messages within a minute, and splits at the next minute', () => {
    const rows = timelineRows([
      message(`${T}:05Z`),
      message(`${T}:50Z`),
      message('2026-03-10T12:01:02Z'),
      message('2026-03-10T12:01:03Z', 'visitor'),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['day', 'group', 'group', 'group']);
    const groups = rows.filter((row) => row.kind === 'group');
    expect(groups.map((group) => group.items.length)).toEqual([2, 1, 1]);
  });

  it('starts a new group for another agent in the same minute', () => {
    const rows = timelineRows([
      message(`${T}:01Z`, 'agent', 'Alex'),
      message(`${T}:02Z`, 'agent', 'Sam'),
    ]);
    expect(rows.filter((row) => row.kind === 'group')).toHaveLength(2);
  });

  it('shows the day again when it changes', () => {
    const rows = timelineRows([message('2026-03-10T12:00:00Z'), message('2026-03-11T12:00:00Z')]);
    expect(rows.map((row) => row.kind)).toEqual(['day', 'group', 'day', 'group']);
  });

  it('folds a transfer’s four notices into one event naming the queue and the new agent', () => {
    const rows = timelineRows([
      message(`${T}:00Z`),
      notice(`${T}:10Z`, { notice: 'transferred' }),
      notice(`${T}:11Z`, { notice: 'agent-left', name: 'Alex' }),
      notice(`${T}:12Z`, { notice: 'queued', queueName: 'Billing' }),
      notice(`${T}:40Z`, { notice: 'agent-joined', name: 'Sam' }),
      message(`${T}:50Z`, 'agent', 'Sam'),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['day', 'group', 'transfer', 'group']);
    expect(rows[2]).toMatchObject({ kind: 'transfer', to: 'Sam', queueName: 'Billing' });
  });

  it('takes in an "agent left" just before the transfer, and nothing after the new agent joined', () => {
    const rows = timelineRows([
      notice(`${T}:10Z`, { notice: 'agent-left', name: 'Alex' }),
      notice(`${T}:11Z`, { notice: 'transferred' }),
      notice(`${T}:12Z`, { notice: 'agent-joined', name: 'Sam' }),
      notice(`${T}:13Z`, { notice: 'agent-left', name: 'Sam' }),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['day', 'transfer', 'chip']);
  });

  it('keeps other notices as chips of their own', () => {
    const rows = timelineRows([
      notice(`${T}:10Z`, { notice: 'queued' }),
      notice(`${T}:12Z`, { notice: 'agent-joined', name: 'Sam' }),
      notice(`${T}:13Z`, { notice: 'ended' }),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['day', 'chip', 'chip', 'chip']);
  });

  it('does not change its input', () => {
    const items = [message(`${T}:01Z`), message(`${T}:02Z`)];
    const copy = structuredClone(items);
    timelineRows(items);
    expect(items).toEqual(copy);
  });
});

describe('agentsSeen', () => {
  it('lists the current agent first, then earlier ones, each once, at most three', () => {
    const items = [
      message(`${T}:01Z`, 'agent', 'Ann'),
      notice(`${T}:02Z`, { notice: 'agent-joined', name: 'Bo' }),
      message(`${T}:03Z`, 'agent', 'Cy'),
      message(`${T}:04Z`, 'visitor'),
      message(`${T}:05Z`, 'agent', 'Dee'),
    ];
    expect(agentsSeen(items, 'Dee')).toEqual(['Dee', 'Cy', 'Bo']);
    expect(agentsSeen([], undefined)).toEqual([]);
  });
});
