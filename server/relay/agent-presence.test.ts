import { describe, expect, it } from 'vitest';
import { AgentPresenceCheck, presenceOf } from './agent-presence.js';

describe('who is there, across the queues chats go to', () => {
  it('someone in any queue is yes; nobody needs every queue to say 0', () => {
    const nobody = { agentsLoggedIn: 0, agentsAvailable: 0 };
    const busy = { agentsLoggedIn: 2, agentsAvailable: 0 };
    expect(presenceOf([nobody, busy])).toEqual({ loggedIn: true, available: false });
    expect(presenceOf([nobody, nobody])).toEqual({ loggedIn: false, available: false });
    expect(presenceOf([{ agentsLoggedIn: 1, agentsAvailable: 1 }])).toEqual({
      loggedIn: true,
      available: true,
    });
  });

  it('an unknown queue or figure is no answer, never "nobody"', () => {
    expect(presenceOf([{ agentsLoggedIn: 0 }, undefined])).toEqual({});
    expect(presenceOf([{ agentsLoggedIn: 0 }, { waiting: 3 }])).toEqual({});
    expect(presenceOf([{ agentsLoggedIn: 0 }])).toEqual({ loggedIn: false });
    // Someone somewhere is known even when another queue is not.
    expect(presenceOf([undefined, { agentsLoggedIn: 1 }])).toEqual({ loggedIn: true });
    expect(presenceOf([])).toEqual({});
  });

  it('asks nothing without queues, and a failed or slow read is unknown', async () => {
    const asked: string[] = [];
    const none = new AgentPresenceCheck([], async (queueId) => {
      asked.push(queueId);
      return { agentsLoggedIn: 0 };
    });
    expect(await none.current()).toEqual({});
    expect(asked).toEqual([]);

    const failing = new AgentPresenceCheck(['101'], () => Promise.reject(new Error('503')));
    expect(await failing.current()).toEqual({});

    const hanging = new AgentPresenceCheck(['101'], () => new Promise(() => {}), 5);
    expect(await hanging.current()).toEqual({});
  });
});
