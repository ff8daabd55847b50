import { UpstreamError } from './contact-center.js';
import { OAuthToken } from './oauth-token.js';
import { QUEUE_METRICS, type QueueStats, queueStatsFrom } from './queue-statistics.js';
import { DEFAULT_RETRY } from './retry.js';
import { callUpstream } from './upstream-http.js';

export interface RealtimeMetricsOptions {
  /** e.g. https://api.8x8.com; the token endpoint is /oauth/v2/token on it. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The chat API's region (us, eu, ca, ap): the metrics' path prefix differs. */
  region: string;
  timeoutMs: number;
}

/** The Real-time Metrics API's path prefix per region: not the chat API's set (ap is `au`). */
const REGION_PREFIX: Record<string, string> = { us: '', eu: '/eu', ca: '/ca', ap: '/au' };

/**
 * 8x8's Analytics for Contact Center Real-time Metrics API (v5), one queue at a
 * time, with the OAuth bearer of an Admin Console app that has the Analytics for
 * Contact Center product. Server-side only: the key, secret and token never reach
 * a browser. Tried once per call: the caller (relay/queue-wait.ts) asks again at
 * its next interval, which is the only retry a statistic is worth.
 */
export class RealtimeMetrics {
  readonly #options: RealtimeMetricsOptions;
  readonly #token: OAuthToken;

  constructor(options: RealtimeMetricsOptions) {
    this.#options = options;
    this.#token = new OAuthToken({ ...options, retry: DEFAULT_RETRY });
  }

  /** The queue's wait and agents as 8x8 says them now; undefined when its answer says nothing usable. */
  async queueStats(queueId: string): Promise<QueueStats | undefined> {
    const token = await this.#token.get();
    try {
      return await this.#read(queueId, token);
    } catch (error) {
      // A token 8x8 no longer takes is fetched again, once.
      if (!(error instanceof UpstreamError) || error.status !== 401) throw error;
      this.#token.invalidate(token);
      return this.#read(queueId, await this.#token.get());
    }
  }

  async #read(queueId: string, token: string): Promise<QueueStats | undefined> {
    const { baseUrl, region, timeoutMs } = this.#options;
    const query = new URLSearchParams(
      QUEUE_METRICS.map((metric): [string, string] => ['metrics', metric]),
    );
    const base = `${baseUrl.replace(/\/+$/, '')}${REGION_PREFIX[region] ?? ''}`;
    const { body } = await callUpstream({
      method: 'GET',
      url: `${base}/analytics/cc/v5/realtime-metrics/queues/${encodeURIComponent(queueId)}?${query}`,
      // Multi-tenant customers would add X-Tenant-Info: not supported yet.
      headers: { authorization: `Bearer ${token}` },
      timeoutMs,
    });
    return queueStatsFrom(body, queueId);
  }
}
