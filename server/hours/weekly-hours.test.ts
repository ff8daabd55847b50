import { describe, expect, it } from 'vitest';
import { openState, parseWeeklyTable, type WeeklyHours } from './weekly-hours.js';

const hours = (
  table: string,
  timeZone = 'Europe/Berlin',
  holidays: string[] = [],
): WeeklyHours => ({
  days: parseWeeklyTable(table)!,
  timeZone,
  holidays: new Set(holidays),
});

describe('the weekly table', () => {
  it('reads days, ranges and several intervals', () => {
    const days = parseWeeklyTable('mon-fri 09:00-12:00 13:00-17:00, sat 10:00-14:00')!;
    expect(days[1]).toEqual([
      [540, 720],
      [780, 1020],
    ]);
    expect(days[6]).toEqual([[600, 840]]);
    expect(days[0]).toEqual([]);
  });

  it('wraps a range over Sunday', () => {
    expect(parseWeeklyTable('fri-mon 08:00-09:00')!.map((d) => d.length)).toEqual([
      1, 1, 0, 0, 0, 1, 1,
    ]);
  });

  it.each([
    'mon 9-17',
    'mon-fri',
    'xyz 09:00-10:00',
    'mon 17:00-09:00',
    'mon 09:60-10:00',
    'mon 09:00-24:01',
  ])('refuses %s', (text) => expect(parseWeeklyTable(text)).toBeUndefined());
});

describe('open or closed, and when it opens', () => {
  const week = hours('mon-fri 09:00-17:00');

  it('is open inside the hours, in the configured zone', () => {
    // Wednesday 2026-12-02 09:30 in Berlin is 08:30 UTC.
    expect(openState(week, new Date('2026-12-02T08:30:00Z'))).toEqual({ open: true });
    expect(openState(week, new Date('2026-12-02T07:30:00Z')).open).toBe(false);
  });

  it('opens later today before the hours', () => {
    expect(openState(week, new Date('2026-12-02T07:30:00Z')).nextOpenAt?.toISOString()).toBe(
      '2026-12-02T08:00:00.000Z',
    );
  });

  it('opens on Monday after Friday evening', () => {
    expect(openState(week, new Date('2026-12-04T17:00:00Z')).nextOpenAt?.toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    );
  });

  it('skips holidays', () => {
    const withHoliday = hours('mon-fri 09:00-17:00', 'Europe/Berlin', ['2026-12-24', '2026-12-25']);
    expect(openState(withHoliday, new Date('2026-12-24T10:00:00Z'))).toEqual({
      open: false,
      nextOpenAt: new Date('2026-12-28T08:00:00Z'),
    });
  });

  it('follows daylight saving time', () => {
    // New York: 09:00 EDT is 13:00 UTC in July, 09:00 EST is 14:00 UTC in December.
    const ny = hours('mon-fri 09:00-17:00', 'America/New_York');
    expect(openState(ny, new Date('2026-07-01T04:00:00Z')).nextOpenAt?.toISOString()).toBe(
      '2026-07-01T13:00:00.000Z',
    );
    expect(openState(ny, new Date('2026-12-02T04:00:00Z')).nextOpenAt?.toISOString()).toBe(
      '2026-12-02T14:00:00.000Z',
    );
  });

  it('knows no opening when the table is empty', () => {
    expect(
      openState(hours('mon 09:00-10:00', 'UTC', []), new Date('2026-12-07T09:30:00Z')).open,
    ).toBe(true);
    const never = {
      days: [[], [], [], [], [], [], []],
      timeZone: 'UTC',
      holidays: new Set<string>(),
    };
    expect(openState(never, new Date())).toEqual({ open: false });
  });
});
