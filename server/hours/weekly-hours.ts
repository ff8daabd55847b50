/**
 * Opening hours from the proxy's configuration: a weekly table in one IANA time
 * zone, with holidays (whole local days closed). Used when 8x8's schedule is not
 * configured, and for the next opening time (8x8's schedule status says only
 * open or closed).
 */
export interface WeeklyHours {
  /** Per weekday (0 = Sunday … 6 = Saturday): open intervals, minutes after local midnight. */
  days: [from: number, to: number][][];
  timeZone: string;
  /** Local dates closed all day, YYYY-MM-DD. */
  holidays: Set<string>;
}

export interface OpenState {
  open: boolean;
  /** When it next opens (closed now), if within the next two weeks. */
  nextOpenAt?: Date;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * `mon-fri 09:00-17:00, sat 10:00-14:00`: day or day range, then one or more
 * `HH:MM-HH:MM` (24:00 allowed as an end). Undefined when anything is wrong.
 */
export function parseWeeklyTable(text: string): WeeklyHours['days'] | undefined {
  const days: WeeklyHours['days'] = [[], [], [], [], [], [], []];
  for (const entry of text.split(',').map((part) => part.trim())) {
    const match = /^([a-z]{3})(?:-([a-z]{3}))?((?:\s+\d{2}:\d{2}-\d{2}:\d{2})+)$/i.exec(entry);
    if (!match) return undefined;
    const first = DAY_NAMES.indexOf(match[1]!.toLowerCase());
    const last = match[2] ? DAY_NAMES.indexOf(match[2].toLowerCase()) : first;
    if (first < 0 || last < 0) return undefined;
    for (const range of match[3]!.trim().split(/\s+/)) {
      const [from, to] = range.split('-').map(minutes);
      if (from === undefined || to === undefined || from >= to) return undefined;
      for (let day = first; ; day = (day + 1) % 7) {
        days[day]!.push([from, to]);
        if (day === last) break;
      }
    }
  }
  return days;
}

function minutes(hhmm: string | undefined): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm ?? '');
  if (!match) return undefined;
  const value = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && value <= 24 * 60 ? value : undefined;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `at`. */
function localParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: DAY_NAMES.indexOf(get('weekday').toLowerCase()),
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** The instant of `minute` after local midnight of the local `date` (YYYY-MM-DD) in `timeZone`. */
function instantOf(date: string, minute: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y!, m! - 1, d!, 0, minute);
  // The zone's offset at a guess, then again at the corrected instant (DST edges).
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const seen = localParts(new Date(instant), timeZone);
    const [sy, sm, sd] = seen.date.split('-').map(Number);
    const seenWall = Date.UTC(sy!, sm! - 1, sd!, 0, seen.minute);
    instant += wall - seenWall;
  }
  return new Date(instant);
}

const isOpenAt = (hours: WeeklyHours, local: ReturnType<typeof localParts>) =>
  !hours.holidays.has(local.date) &&
  (hours.days[local.weekday] ?? []).some(([from, to]) => local.minute >= from && local.minute < to);

/** Open now? And if not, when next (looked for over the next 14 days). */
export function openState(hours: WeeklyHours, now: Date): OpenState {
  const local = localParts(now, hours.timeZone);
  if (isOpenAt(hours, local)) return { open: true };
  for (let ahead = 0; ahead < 15; ahead++) {
    // Noon of the day `ahead` days on: a safe point to read that local date from.
    const day = localParts(
      instantOf(local.date, 12 * 60 + ahead * 24 * 60, hours.timeZone),
      hours.timeZone,
    );
    if (hours.holidays.has(day.date)) continue;
    const starts = (hours.days[day.weekday] ?? [])
      .map(([from]) => from)
      .filter((from) => ahead > 0 || from > local.minute)
      .sort((a, b) => a - b);
    if (starts.length > 0)
      return { open: false, nextOpenAt: instantOf(day.date, starts[0]!, hours.timeZone) };
  }
  return { open: false };
}
