import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { HoursConfig } from '../hours-config.js';
import { type Mailer, smtpMailer } from '../mail/mailer.js';
import type { Delivery } from '../store/deliveries.js';
import type { EventLog } from '../store/store.js';
import type { ContactCenter } from '../upstream/contact-center.js';
import { readScheduleStatus, type ScheduleStatus } from '../upstream/schedule-status.js';
import type { Deliver } from './delivery-worker.js';
import { offlineConversation, offlineMail, readOfflineMessage } from './offline-message.js';
import { transcriptMail } from './transcript-email.js';

/**
 * How each kind of delivery reaches its destination, as configured: an offline
 * message by email to OFFLINE_EMAIL_TO or as a conversation on CC_OFFLINE_QUEUE_ID;
 * a transcript by email to the visitor.
 */
export function deliveryHandlers(
  config: HoursConfig,
  events: EventLog,
  contactCenter: ContactCenter,
): { handlers: Partial<Record<Delivery['kind'], Deliver>>; close: () => void } {
  const mailer: Mailer | undefined = config.mail ? smtpMailer(config.mail) : undefined;
  const handlers: Partial<Record<Delivery['kind'], Deliver>> = {};
  const { offlineEmailTo, offlineQueueId } = config;
  if (config.offlineDelivery === 'email' && mailer && offlineEmailTo) {
    handlers['offline-message'] = (delivery) =>
      mailer.send(offlineMail(offlineEmailTo, readOfflineMessage(delivery)));
  }
  if (config.offlineDelivery === 'queue' && offlineQueueId) {
    // At least once: a create that timed out may have reached 8x8 and is tried again.
    handlers['offline-message'] = async (delivery) => {
      await contactCenter.createConversation(
        offlineConversation(
          `parley-${createHash('sha256').update(delivery.id).digest('hex').slice(0, 24)}`,
          offlineQueueId,
          readOfflineMessage(delivery),
        ),
      );
    };
  }
  if (mailer) {
    handlers['transcript-email'] = async (delivery) =>
      mailer.send(await transcriptMail(events, delivery));
  }
  return { handlers, close: () => mailer?.close() };
}

/** 8x8's schedule status, when CC_SCHEDULE_ID is set (and 8x8 is configured). */
export function scheduleReader(config: Config): (() => Promise<ScheduleStatus>) | undefined {
  const schedule = config.availability.schedule;
  const cc = config.contactCenter;
  if (!schedule || !cc) return undefined;
  const options =
    schedule.clusterUrl && schedule.token
      ? {
          form: 'cluster' as const,
          clusterUrl: schedule.clusterUrl,
          tenant: cc.tenantId ?? '',
          token: schedule.token,
          timeoutMs: cc.timeoutMs,
        }
      : {
          form: 'gateway' as const,
          baseUrl: cc.baseUrl,
          apiKey: cc.apiKey,
          ...(cc.tenantId ? { tenant: cc.tenantId } : {}),
          timeoutMs: cc.timeoutMs,
        };
  return () => readScheduleStatus(options, schedule.id);
}
