import type { Availability, OfflineMessageRequest } from '../../protocol/availability-api.js';
import { AvailabilityCheck } from '../hours/availability.js';
import { withAgents } from '../hours/no-agents.js';
import type { HoursConfig } from '../hours-config.js';
import type { Deliveries, Delivery } from '../store/deliveries.js';
import type { ScheduleStatus } from '../upstream/schedule-status.js';
import type { AgentGate } from './agent-presence.js';
import type { StoredOfflineMessage } from './offline-message.js';

/** 8x8's schedule: one call a minute at most (reference §6). */
const SCHEDULE_CACHE_MS = 60_000;

/**
 * What the widget is told before a chat starts, and what a visitor may leave
 * when nobody can chat: the business-hours side of the relay (issue 17).
 */
export class ContactHours {
  readonly #check: AvailabilityCheck;

  constructor(
    private readonly config: HoursConfig,
    private readonly deliveries: Deliveries,
    schedule?: () => Promise<ScheduleStatus>,
    log?: (error: unknown) => void,
    private readonly agents?: AgentGate,
  ) {
    this.#check = new AvailabilityCheck({
      ...(config.hours ? { hours: config.hours } : {}),
      ...(schedule ? { schedule } : {}),
      openChoices: config.schedule?.openChoices ?? [],
      onScheduleError: config.schedule?.onError ?? 'open',
      cacheMs: SCHEDULE_CACHE_MS,
      ...(log ? { log } : {}),
    });
  }

  get takesOfflineMessages() {
    return this.config.offlineDelivery !== 'off';
  }

  get sendsMail() {
    return this.config.mail !== undefined;
  }

  /** All but the attachment limits, which the route adds (they are the widget API's). */
  async availability(): Promise<Omit<Availability, 'attachments'>> {
    return {
      ...(await withAgents(
        await this.#check.current(),
        this.agents?.presence,
        this.agents?.whenNoAgents ?? 'chat',
      )),
      offlineForm: this.takesOfflineMessages,
      transcriptEmail: this.sendsMail,
      departments: this.config.departments.map(({ id, label }) => ({ id, label })),
    };
  }

  /** Where a conversation for this department goes; undefined for an unknown one. */
  department(id: string) {
    return this.config.departments.find((department) => department.id === id);
  }

  /** Stores it (once per id); delivery follows. */
  async leaveMessage(request: OfflineMessageRequest): Promise<Delivery> {
    const { id, ...message } = request;
    const payload: StoredOfflineMessage = { ...message, receivedAt: new Date().toISOString() };
    return this.#keep(`offline:${id}`, 'offline-message', JSON.stringify(payload));
  }

  async emailTranscript(conversationId: string, to: string): Promise<Delivery> {
    const requestedAt = new Date().toISOString();
    return this.#keep(
      `transcript:${conversationId}:${Date.now()}:${Math.random().toString(36).slice(2)}`,
      'transcript-email',
      JSON.stringify({ conversationId, to, requestedAt }),
    );
  }

  async #keep(id: string, kind: Delivery['kind'], payload: string): Promise<Delivery> {
    const now = Date.now();
    const delivery: Delivery = {
      id,
      kind,
      payload,
      createdAt: now,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
    };
    if (await this.deliveries.add(delivery)) return delivery;
    return (await this.deliveries.get(id)) ?? delivery;
  }
}
