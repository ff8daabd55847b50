import type { ContactCenterConfig } from '../config.js';
import { ChatApiClient } from './chat-api.js';
import { ChatGatewayClient } from './chat-gateway.js';
import type { ContactCenter } from './contact-center.js';
import type { RetryPolicy } from './retry.js';

/** The adapter CC_API selects; `retry` tunes its short-term retries (tests make them quick). */
export function createContactCenter(
  config: ContactCenterConfig,
  retry?: Partial<RetryPolicy>,
): ContactCenter {
  if (config.api === 'chat-api') {
    return new ChatApiClient({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      apiSecret: config.apiSecret ?? '',
      tenantId: config.tenantId ?? '',
      region: config.region,
      channelId: config.channelId,
      timeoutMs: config.timeoutMs,
      ...(retry ? { retry } : {}),
    });
  }
  return new ChatGatewayClient({ ...config, ...(retry ? { retry } : {}) });
}
