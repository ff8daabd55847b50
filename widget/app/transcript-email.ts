import type { ChatState } from './chat-state.js';
import type { Credentials } from './credentials.js';
import type { ProxyClient, ProxyError } from './proxy-client.js';

/**
 * `sent`: the proxy took it (202; it retries the mail itself); `limited`: too many
 * for this conversation (429); `failed`: anything else (the visitor may try again).
 */
export type TranscriptEmailStatus = 'idle' | 'sending' | 'sent' | 'limited' | 'failed';

/**
 * The ended conversation's transcript, mailed to the visitor by the proxy (its own
 * chunk): a part of the controller, writing `state.transcriptEmail`.
 */
export function createTranscriptEmail(
  client: ProxyClient,
  credentials: Credentials,
  { transcriptEmail: status }: ChatState,
) {
  return {
    async send(email: string) {
      if (status.value === 'sending') return;
      status.value = 'sending';
      try {
        const current = await credentials.fresh();
        await client.call(`/conversations/${current.conversationId}/transcript-email`, {
          method: 'POST',
          body: { email },
          credentials: current,
        });
        status.value = 'sent';
      } catch (error) {
        status.value = (error as Partial<ProxyError>).status === 429 ? 'limited' : 'failed';
      }
    },
  };
}

export type TranscriptEmail = ReturnType<typeof createTranscriptEmail>;
