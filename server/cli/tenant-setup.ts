import type { Channel, ConfigurationApi, Webhook } from '../upstream/configuration-api.js';
import { UpstreamError } from '../upstream/contact-center.js';

/** What a Parley proxy needs at 8x8: a webhook at its URI and a channel to the queue. */
export interface WantedSetup {
  /** The webhook's and the channel's name: how a later run recognises them. */
  name: string;
  /** `<public url>/webhooks/8x8`. */
  uri: string;
  queueId: string;
}

export interface TenantSetup {
  webhook: Webhook;
  channel: Channel;
  /** 8x8 reached the proxy at the URI and got a 2xx. */
  verified: boolean;
}

type Say = (line: string) => void;

/**
 * Makes 8x8's webhook and channel what the proxy needs, idempotently: what an
 * earlier run made (found by name and URI) is reused, and updated (PUT) when the
 * URI or the queue changed, so running it twice never makes a second webhook or
 * channel. A webhook 8x8 cannot verify yet is a warning, not the end: the
 * channel is still made, and a later run verifies again.
 */
export async function setUpTenant(
  api: ConfigurationApi,
  wanted: WantedSetup,
  say: Say,
): Promise<TenantSetup> {
  // Only this API's webhooks (and the channels reporting to them): a tenant may
  // list the other API's too, and those are another integration's to keep.
  const webhooks = (await api.webhooks()).filter((webhook) => webhook.version === api.version);
  const webhook = await ensureWebhook(api, webhooks, wanted, say);
  const verified = await verify(api, wanted.uri, say);
  const versionIds = new Set([...webhooks.map((item) => item.id), webhook.id]);
  const channels = (await api.channels()).filter((channel) => versionIds.has(channel.webHookId));
  const channel = await ensureChannel(api, channels, wanted, webhook.id, say);
  return { webhook, channel, verified };
}

/**
 * Ours among this API's webhooks, in order of certainty: the one with our name
 * at our URI; one already at our URI (made by hand, or under another name); the
 * one with our name elsewhere (the proxy moved: it is updated).
 */
export function findWebhook(
  webhooks: Webhook[],
  wanted: Pick<WantedSetup, 'name' | 'uri'>,
): Webhook | undefined {
  return (
    webhooks.find((webhook) => webhook.name === wanted.name && webhook.uri === wanted.uri) ??
    webhooks.find((webhook) => webhook.uri === wanted.uri) ??
    webhooks.find((webhook) => webhook.name === wanted.name)
  );
}

/**
 * Ours among the Chat API channels of this API's webhooks (the gateway lists
 * WebChat, SMS… ones too): the one with our name on our webhook; one on our
 * webhook to our queue; the one with our name (its webhook or queue changed: it
 * is updated).
 */
export function findChannel(
  channels: Channel[],
  wanted: Pick<WantedSetup, 'name' | 'queueId'>,
  webhookId: string,
): Channel | undefined {
  const chatApi = channels.filter((channel) => !channel.type || channel.type === 'ChatAPI');
  return (
    chatApi.find((channel) => channel.name === wanted.name && channel.webHookId === webhookId) ??
    chatApi.find(
      (channel) => channel.webHookId === webhookId && channel.queueId === wanted.queueId,
    ) ??
    chatApi.find((channel) => channel.name === wanted.name)
  );
}

async function ensureWebhook(
  api: ConfigurationApi,
  webhooks: Webhook[],
  wanted: WantedSetup,
  say: Say,
) {
  const found = findWebhook(webhooks, wanted);
  if (!found) {
    const created = await api.createWebhook(wanted.name, wanted.uri);
    say(`  webhook ${created.id} → ${wanted.uri} (created)`);
    return created;
  }
  if (found.uri === wanted.uri) {
    say(`  webhook ${found.id} → ${wanted.uri} (already there)`);
    return found;
  }
  const updated = await api.updateWebhook(found.id, found.name, wanted.uri);
  say(`  webhook ${found.id} → ${wanted.uri} (updated; it was ${found.uri})`);
  return updated;
}

async function ensureChannel(
  api: ConfigurationApi,
  channels: Channel[],
  wanted: WantedSetup,
  webhookId: string,
  say: Say,
) {
  const found = findChannel(channels, wanted, webhookId);
  if (!found) {
    const created = await api.createChannel(wanted.name, webhookId, wanted.queueId);
    say(`  channel ${created.id} → queue ${wanted.queueId} (created)`);
    return created;
  }
  if (found.webHookId === webhookId && found.queueId === wanted.queueId) {
    say(`  channel ${found.id} → queue ${wanted.queueId} (already there)`);
    return found;
  }
  const updated = await api.updateChannel(found.id, found.name, webhookId, wanted.queueId);
  say(
    `  channel ${found.id} → queue ${wanted.queueId} (updated; it was webhook ${found.webHookId}, queue ${found.queueId})`,
  );
  return updated;
}

/** 8x8 posts WEB_HOOK_VERIFY to the URI; when that fails, say what to check and go on. */
async function verify(api: ConfigurationApi, uri: string, say: Say): Promise<boolean> {
  try {
    await api.verifyWebhook(uri);
    say('  verified: 8x8 reached the proxy and got a 2xx');
    return true;
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    const health = uri.replace(/\/webhooks\/8x8$/, '/healthz');
    say(`  warning: 8x8 could not verify ${uri}: ${error.message}.`);
    say('  The webhook and the channel are set up all the same. Check that:');
    say(`    - the proxy is running, and ${health} answers from outside your network`);
    say('      (8x8 calls PUBLIC_URL from the internet, not from this machine);');
    say('    - its TLS certificate is valid for that host and sent with its whole chain;');
    say(`    - a POST to ${uri} reaches the proxy (a reverse proxy in front forwards`);
    say('      /webhooks/8x8 with its body and headers).');
    say('  Then run this command again: it reuses what it made and asks 8x8 to verify again.');
    return false;
  }
}
