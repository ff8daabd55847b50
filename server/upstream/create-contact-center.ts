import type { ContactCenterConfig } from '../config.js';
import { ChatApiClient } from './chat-api.js';
import { ChatGatewayClient } from './chat-gateway.js';
import type { ContactCenter } from './contact-center.js';

/** The adapter CC_API selects. */
export function createContactCenter(config: ContactCenterConfig): ContactCenter {
  if (config.api === 'chat-api') {
    return new ChatApiClient({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      apiSecret: config.apiSecret ?? '',
      tenantId: config.tenantId ?? '',
      region: config.region,
      channelId: config.channelId,
      timeoutMs: config.timeoutMs,
    });
  }
  return new ChatGatewayClient(config);
}
