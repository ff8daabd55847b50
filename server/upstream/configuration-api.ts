import type { ContactCenterApi } from '../config.js';
import { isRecord, type JsonRecord, list, record, requiredId, text } from './json-read.js';
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

/** Pages read at most, of PAGE_SIZE items: far more webhooks and channels than a tenant has. */
const MAX_PAGES = 50;
const PAGE_SIZE = 100;

export interface Webhook {
  id: string;
  name: string;
  uri: string;
  version: string;
}

export interface Channel {
  id: string;
  name: string;
  /** Gateway: ChatAPI, WebChat, SMS…; the legacy API's channels have no type (all are Chat API). */
  type?: string;
  webHookId: string;
  queueId: string;
}

/**
 * 8x8's webhook and channel configuration (`/webhooks` and `/channels` on the
 * gateway, `/web-hooks` and `/channels` under the legacy API's tenant path):
 * what `npm run 8x8:setup` needs. The two APIs differ in paths, list shapes,
 * webhook versions and authentication, not in meaning. Each call has the short
 * retries (a read or an update on any retryable failure, a create only when 8x8
 * cannot have acted on it); the person running the setup is the layer above.
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
      id: requiredId(item.id, 'a webhook id'),
      name: text(item.name) ?? '',
      uri: text(item.uri) ?? '',
      version: text(item.version) ?? '',
    }));
  }

  async createWebhook(name: string, uri: string): Promise<Webhook> {
    const { body } = await this.#call('POST', this.#webhooksPath, this.#webhookBody(name, uri));
    return { id: requiredId(record(body).id, 'a webhook id'), name, uri, version: this.version };
  }

  /** `PUT` of the whole webhook: the proxy's URL (or the version) changed. */
  async updateWebhook(id: string, name: string, uri: string): Promise<Webhook> {
    await this.#call(
      'PUT',
      `${this.#webhooksPath}/${encodeURIComponent(id)}`,
      this.#webhookBody(name, uri),
    );
    return { id, name, uri, version: this.version };
  }

  /** 8x8 posts WEB_HOOK_VERIFY to the URI and answers 204 once it got a 2xx. */
  async verifyWebhook(uri: string): Promise<void> {
    await this.#call('POST', `${this.#webhooksPath}/verify`, { version: this.version, uri });
  }

  async channels(): Promise<Channel[]> {
    const items = await this.#list('/channels', 'channels');
    return items.map((item) => {
      const type = text(item.type);
      return {
        id: requiredId(item.id, 'a channel id'),
        name: text(item.name) ?? '',
        ...(type ? { type } : {}),
        webHookId: String(item.webHookId ?? ''),
        queueId: String(record(item.routingOptions).id ?? ''),
      };
    });
  }

  async createChannel(name: string, webHookId: string, queueId: string): Promise<Channel> {
    const { body } = await this.#call(
      'POST',
      '/channels',
      this.#channelBody(name, webHookId, queueId),
    );
    return { id: requiredId(record(body).id, 'a channel id'), name, webHookId, queueId };
  }

  /** `PUT` of the whole channel: it should report to another webhook or route to another queue. */
  async updateChannel(
    id: string,
    name: string,
    webHookId: string,
    queueId: string,
  ): Promise<Channel> {
    await this.#call(
      'PUT',
      `/channels/${encodeURIComponent(id)}`,
      this.#channelBody(name, webHookId, queueId),
    );
    return { id, name, webHookId, queueId };
  }

  /**
   * Both version fields: 8x8's OAS lists `notificationVersion` as required but
   * defines only `version` (and the webhooks it answers carry `version`), so a
   * tenant may want either; sending both satisfies every reading.
   */
  #webhookBody(name: string, uri: string) {
    return { name, uri, version: this.version, notificationVersion: this.version };
  }

  #channelBody(name: string, webHookId: string, queueId: string) {
    return {
      name,
      ...(this.api === 'chat-gateway' ? { type: 'ChatAPI' } : {}),
      webHookId,
      routingOptions: { type: 'queue', id: queueId },
    };
  }

  get #webhooksPath() {
    return this.api === 'chat-api' ? '/web-hooks' : '/webhooks';
  }

  /**
   * Every item of a paged list: HAL `_embedded.<name>` with `page.totalPages`
   * (gateway), or `data` with `page.pageCount` (legacy). Pages are counted in
   * 8x8's page size, so a smaller size than asked for still reads every page.
   */
  async #list(path: string, name: string): Promise<JsonRecord[]> {
    const legacy = this.api === 'chat-api';
    const items: JsonRecord[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const { body } = await this.#call('GET', `${path}?size=${PAGE_SIZE}&page=${page}`);
      const answer = record(body);
      items.push(...list(legacy ? answer.data : record(answer._embedded)[name]).filter(isRecord));
      const paging = record(answer.page);
      const pages = Number(legacy ? paging.pageCount : paging.totalPages);
      if (!(page + 1 < pages)) break;
    }
    return items;
  }

  async #call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
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
      // A repeated read or PUT changes nothing; a repeated create would make a second one.
      retry: { policy: DEFAULT_RETRY, repeatable: method !== 'POST' },
    });
  }
}
