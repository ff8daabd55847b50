import type { ContactCenterApi } from '../config.js';
import { isRecord, type JsonRecord, list, record, requiredText, text } from './json-read.js';
import { OAuthToken } from './oauth-token.js';
import { DEFAULT_RETRY } from './retry.js';
import { callUpstream } from './upstream-http.js';

export interface ConfigurationApiOptions {
  api: ContactCenterApi;
  baseUrl: string;
  apiKey: string;
  /** Legacy only. */
  apiSecret?: string;
  /** Gateway: X-8x8-Tenant (optional); legacy: the tenant path segment (required). */
  tenantId?: string;
  /** Legacy only: us, eu, ca or ap. */
  region?: string;
  timeoutMs?: number;
}

export interface Webhook {
  id: string;
  name: string;
  uri: string;
  version: string;
}

export interface Channel {
  id: string;
  name: string;
  webHookId: string;
  queueId: string;
}

/**
 * 8x8's webhook and channel configuration (`/webhooks` and `/channels` on the
 * gateway, `/web-hooks` and `/channels` under the legacy API's tenant path):
 * what `npm run 8x8:setup` needs. The two APIs differ in paths, list shapes,
 * webhook versions and authentication, not in meaning. Each call has the short
 * retries (a read on any retryable failure, a create only when 8x8 cannot have
 * acted on it); the person running the setup is the layer above.
 */
export class ConfigurationApi {
  readonly api: ContactCenterApi;
  /** The webhook version this API creates and sends. */
  readonly version: string;
  readonly #options: ConfigurationApiOptions;
  readonly #prefix: string;
  readonly #token: OAuthToken | undefined;

  constructor(options: ConfigurationApiOptions) {
    this.api = options.api;
    this.#options = options;
    const base = options.baseUrl.replace(/\/+$/, '');
    if (options.api === 'chat-api') {
      this.version = 'v2.0';
      this.#prefix = `${base}/vcc/${encodeURIComponent(options.region ?? 'us')}/chat/v2/tenant/${encodeURIComponent(options.tenantId ?? '')}`;
      this.#token = new OAuthToken({
        baseUrl: base,
        apiKey: options.apiKey,
        apiSecret: options.apiSecret ?? '',
        timeoutMs: options.timeoutMs ?? 10_000,
        retry: DEFAULT_RETRY,
      });
    } else {
      this.version = 'Chat Gateway v1.0';
      this.#prefix = `${base}/chat-gateway/v1`;
    }
  }

  async webhooks(): Promise<Webhook[]> {
    const items = await this.#list(this.#webhooksPath, 'webhooks');
    return items.map((item) => ({
      id: requiredText(item.id, 'a webhook id'),
      name: text(item.name) ?? '',
      uri: text(item.uri) ?? '',
      version: text(item.version) ?? '',
    }));
  }

  async createWebhook(name: string, uri: string): Promise<Webhook> {
    const { body } = await this.#call('POST', this.#webhooksPath, {
      name,
      uri,
      version: this.version,
    });
    return { id: requiredText(record(body).id, 'a webhook id'), name, uri, version: this.version };
  }

  /** 8x8 posts WEB_HOOK_VERIFY to the URI and answers 204 once it got a 2xx. */
  async verifyWebhook(uri: string): Promise<void> {
    await this.#call('POST', `${this.#webhooksPath}/verify`, { version: this.version, uri });
  }

  async channels(): Promise<Channel[]> {
    const items = await this.#list('/channels', 'channels');
    return items.map((item) => ({
      id: requiredText(item.id, 'a channel id'),
      name: text(item.name) ?? '',
      webHookId: String(item.webHookId ?? ''),
      queueId: String(record(item.routingOptions).id ?? ''),
    }));
  }

  async createChannel(name: string, webHookId: string, queueId: string): Promise<Channel> {
    const { body } = await this.#call('POST', '/channels', {
      name,
      ...(this.api === 'chat-gateway' ? { type: 'ChatAPI' } : {}),
      webHookId,
      routingOptions: { type: 'queue', id: queueId },
    });
    return { id: requiredText(record(body).id, 'a channel id'), name, webHookId, queueId };
  }

  get #webhooksPath() {
    return this.api === 'chat-api' ? '/web-hooks' : '/webhooks';
  }

  /** Every item of a paged list: HAL `_embedded.<name>` (gateway) or `data` (legacy). */
  async #list(path: string, name: string): Promise<JsonRecord[]> {
    const items: JsonRecord[] = [];
    for (let page = 0; page < 50; page++) {
      const { body } = await this.#call('GET', `${path}?size=100&page=${page}`);
      const answer = record(body);
      const found = this.api === 'chat-api' ? answer.data : record(answer._embedded)[name];
      items.push(...list(found).filter(isRecord));
      const paging = record(answer.page);
      const pages = Number(paging.totalPages ?? paging.pageCount ?? 0);
      if (page + 1 >= pages) break;
    }
    return items;
  }

  async #call(method: 'GET' | 'POST', path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (this.#token) headers.authorization = `Bearer ${await this.#token.get()}`;
    else {
      headers['x-api-key'] = this.#options.apiKey;
      if (this.#options.tenantId) headers['X-8x8-Tenant'] = this.#options.tenantId;
    }
    return callUpstream({
      method,
      url: `${this.#prefix}${path}`,
      headers,
      body,
      timeoutMs: this.#options.timeoutMs ?? 10_000,
      retry: { policy: DEFAULT_RETRY, repeatable: method === 'GET' },
    });
  }
}
