import { afterEach, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test/support/demo.js';

/** What one visitor message costs the store on its way from the widget to 8x8. */

let t: TestParley;
afterEach(() => t?.close());

describe('a send', () => {
  it('reads the session once, and answers from the delivery it waited for', async () => {
    t = await startTestParley();
    const credentials = await t.startConversation();
    const { sessions, outbox } = t.parley.store;
    const reads = { sessions: 0, outbox: 0 };
    const getSession = sessions.get.bind(sessions);
    const getMessage = outbox.get.bind(outbox);
    sessions.get = (conversationId) => {
      reads.sessions++;
      return getSession(conversationId);
    };
    outbox.get = (conversationId, clientMessageId) => {
      reads.outbox++;
      return getMessage(conversationId, clientMessageId);
    };

    const response = await t.send(credentials, 'message-0001', 'hello');
    expect(await response.json()).toEqual({ clientMessageId: 'message-0001', status: 'sent' });
    // The token's check reads it; the relay and the outbox worker use that read.
    expect(reads.sessions).toBe(1);
    // Only the look-up for a repeat: the answer comes from the drain, not a re-read.
    expect(reads.outbox).toBe(1);
  });
});
