import { isRecord } from './json-read.js';
import { callUpstream } from './upstream-http.js';

/**
 * 8x8's Tenant Schedule status (reference: 8x8-contact-center-apis.md §2): the
 * current state of one Configuration Manager schedule, which 8x8 evaluates
 * itself, exceptions included. Two documented forms, both [CODE] only:
 * - `cluster`: `GET https://vcc-<cluster>.8x8.com/api/provisioning/schedules/{id}/status.json`,
 *   Basic `tenant:<Data Request Token>`;
 * - `gateway`: `GET https://api.8x8.com/cc/v1/schedules/{id}/status`,
 *   `x-api-key` + `X-8x8-Tenant`.
 * The answer is `{"schedule-status":{"status":0}}`: 0 open, -1 closed, or a
 * tenant-defined `"Choice #n"`. Whether the number may come as a string is
 * UNCONFIRMED (Cognigy types it `number | string`), so "0" and "-1" are read too.
 */
export type ScheduleStatus = 'open' | 'closed' | { choice: string };

export type ScheduleApiOptions =
  | { form: 'cluster'; clusterUrl: string; tenant: string; token: string; timeoutMs: number }
  | { form: 'gateway'; baseUrl: string; apiKey: string; tenant?: string; timeoutMs: number };

export async function readScheduleStatus(
  options: ScheduleApiOptions,
  scheduleId: string,
): Promise<ScheduleStatus> {
  const id = encodeURIComponent(scheduleId);
  const request =
    options.form === 'cluster'
      ? {
          url: `${options.clusterUrl}/api/provisioning/schedules/${id}/status.json`,
          headers: {
            authorization: `Basic ${Buffer.from(`${options.tenant}:${options.token}`).toString('base64')}`,
          },
        }
      : {
          url: `${options.baseUrl}/cc/v1/schedules/${id}/status`,
          headers: {
            'x-api-key': options.apiKey,
            ...(options.tenant ? { 'x-8x8-tenant': options.tenant } : {}),
          },
        };
  const { body } = await callUpstream({ method: 'GET', ...request, timeoutMs: options.timeoutMs });
  return scheduleStatusOf(body);
}

/** The state in a status answer; an unreadable one is an error (the caller's "unknown"). */
export function scheduleStatusOf(body: unknown): ScheduleStatus {
  const wrapper = isRecord(body) ? body['schedule-status'] : undefined;
  const status = isRecord(wrapper) ? wrapper.status : undefined;
  if (status === 0 || status === '0') return 'open';
  if (status === -1 || status === '-1') return 'closed';
  if (typeof status === 'string' && /^Choice #\d+$/.test(status)) return { choice: status };
  throw new Error('the schedule status answer has no status 8x8 documents');
}
