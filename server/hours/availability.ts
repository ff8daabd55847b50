import type { ScheduleStatus } from '../upstream/schedule-status.js';
import { openState, type WeeklyHours } from './weekly-hours.js';

/** Whether the contact center takes chats now, as the widget is told before one starts. */
export interface Availability {
  open: boolean;
  /** When it opens again, if known (closed only). */
  nextOpenAt?: string;
  /** Where the answer came from. */
  source: 'always' | 'hours' | '8x8-schedule';
  /** Why it is closed: the hours (or 8x8's schedule), or nobody logged in (WHEN_NO_AGENTS=offline). */
  reason?: 'hours' | 'no-agents';
  /** Whether any agent is logged in / available, when 8x8's queue statistics say. */
  agentsLoggedIn?: boolean;
  agentsAvailable?: boolean;
}

export interface AvailabilityOptions {
  /** The configured week; also gives the next opening when 8x8's schedule decides. */
  hours?: WeeklyHours;
  /** 8x8's schedule, when configured: its current state (throws when it cannot tell). */
  schedule?: () => Promise<ScheduleStatus>;
  /** `Choice #n` states that count as open (every other one is closed). */
  openChoices: string[];
  /** What to say when 8x8's schedule cannot be read (the reference: fail open, configurable). */
  onScheduleError: 'open' | 'closed';
  /** How long one schedule answer is used (8x8: at most one schedule call a minute). */
  cacheMs: number;
  now?: () => number;
  log?: (error: unknown) => void;
}

const CLOSED = { open: false, reason: 'hours' } as const;

/**
 * The proxy's one view of opening: 8x8's schedule when configured (cached, one
 * call per `cacheMs` however many visitors ask), else the configured hours, else
 * always open.
 */
export class AvailabilityCheck {
  #cached?: { at: number; open: boolean };
  #inFlight: Promise<boolean> | undefined;

  constructor(private readonly options: AvailabilityOptions) {}

  async current(): Promise<Availability> {
    const now = this.options.now?.() ?? Date.now();
    const { hours, schedule } = this.options;
    const byHours = hours ? openState(hours, new Date(now)) : undefined;
    const next = byHours?.nextOpenAt ? { nextOpenAt: byHours.nextOpenAt.toISOString() } : {};
    if (schedule) {
      const open = await this.#scheduleOpen(now);
      return open
        ? { open, source: '8x8-schedule' }
        : { ...CLOSED, source: '8x8-schedule', ...next };
    }
    if (byHours)
      return byHours.open
        ? { open: true, source: 'hours', ...next }
        : { ...CLOSED, source: 'hours', ...next };
    return { open: true, source: 'always' };
  }

  async #scheduleOpen(now: number): Promise<boolean> {
    const cached = this.#cached;
    if (cached && now - cached.at < this.options.cacheMs) return cached.open;
    this.#inFlight ??= this.#ask(now).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #ask(now: number): Promise<boolean> {
    let open: boolean;
    try {
      const status = await this.options.schedule!();
      open =
        status === 'open' ||
        (typeof status === 'object' && this.options.openChoices.includes(status.choice));
    } catch (error) {
      this.options.log?.(error);
      open = this.options.onScheduleError === 'open';
    }
    this.#cached = { at: now, open };
    return open;
  }
}
