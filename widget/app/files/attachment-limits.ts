import type { AttachmentLimits } from '../../../protocol/widget-api.js';
import { parseJson } from '../../no-prototype.js';
import { isObject } from '../wire.js';

const TIMEOUT_MS = 10_000;

/** `attachments` as the proxy sends it (protocol/widget-api.ts), or undefined for anything else. */
export function readAttachmentLimits(value: unknown): AttachmentLimits | undefined {
  if (value === null) return null;
  if (!isObject(value) || !Number.isSafeInteger(value.maxBytes)) return undefined;
  const { types } = value;
  if (!Array.isArray(types) || !types.every((type) => typeof type === 'string')) return undefined;
  return { maxBytes: value.maxBytes as number, types };
}

/**
 * What files the proxy takes, asked of GET /v1/availability before there is a
 * conversation (whose credentials carry the same). Undefined when it cannot be
 * asked, or an older proxy does not say: then the proxy has the last word.
 */
export async function askAttachmentLimits(proxy: string): Promise<AttachmentLimits | undefined> {
  try {
    const response = await fetch(`${proxy}v1/availability`, {
      credentials: 'omit',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) return undefined;
    const body: unknown = parseJson(await response.text());
    return isObject(body) ? readAttachmentLimits(body.attachments) : undefined;
  } catch {
    return undefined;
  }
}
