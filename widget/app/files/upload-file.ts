import type { Attachment } from '../../../protocol/events.js';
import { checked, ProxyError, problemError } from '../proxy-client.js';
import { isObject } from '../wire.js';
import { uploadName } from './file-rules.js';

const TIMEOUT_MS = 120_000;

/** The answer to an upload: what a later message sends by id. */
function isAttachment(value: unknown): value is Attachment {
  return isObject(value) && typeof value.id === 'string' && typeof value.name === 'string';
}

/**
 * One file up to the proxy's upload route, the raw file as the body (its type
 * in Content-Type, its name in the query): XMLHttpRequest, the one browser API
 * that reports upload progress. `signal` aborts it: the promise then rejects
 * with the signal's reason, and nothing is retried.
 */
export function uploadFile(
  url: string,
  token: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${url}?filename=${encodeURIComponent(uploadName(file.name))}`);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      try {
        if (xhr.status >= 300) {
          throw problemError(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after'));
        }
        resolve(checked(xhr.responseText, isAttachment));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = xhr.ontimeout = () => reject(new ProxyError(0, 'network'));
    xhr.onabort = () => reject(signal.reason);
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.timeout = TIMEOUT_MS;
    xhr.send(file);
  });
}
