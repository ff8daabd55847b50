import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import {
  type GatewayState,
  INITIAL_GATEWAY_STATE,
  mapGatewayEvent,
  needsGatewayState,
} from './chat-gateway-events.js';

/**
 * Every mapping rule of the Chat Gateway webhooks, fed 8x8's documented bodies
 * as the reference (§3.5, from 8x8's webhooks-events-reference page) prints
 * them, byte for byte. Where a rule needs a value the reference documents but
 * prints no body for (`"change":"left"`, `"state":"idle"`), the documented body
 * is copied and only that value changed, said so beside it.
 */

// ---- the reference's bodies, verbatim ----
const CONVERSATION_UPDATE = `{"eventType":"CONVERSATION_UPDATE","conversationId":"ID-0","timestamp":1713100000000,
 "data":{"state":"active",
         "assignment":{"type":"agent","id":"agent-abc-123","resourceId":"resource-123"},
         "user":{"name":"John Doe","userId":"user-456","email":"john@example.com","phone":"+1234567890","company":"Acme Inc.",
                 "caseId":"CASE-789","language":"en","ipaddress":"192.168.1.1","timezoneOffset":-300,
                 "additionalProperties":[{"key":"department","value":"support"}]},
         "msisdn":"+1234567890","channel":"WhatsApp"}}`;
const QUEUED = `{"eventType":"QUEUED","conversationId":"ID-0","timestamp":1713100000000,"data":{"queueId":"queue-abc-123","queueName":"Customer Support"}}`;
const MEMBERS_CHANGED = `{"eventType":"MEMBERS_CHANGED","conversationId":"ID-0","timestamp":1713100000000,"data":{"memberType":"agent","change":"joined","id":"agent-abc-123"}}`;
const TRANSFER = `{"eventType":"TRANSFER","conversationId":"ID-0","timestamp":1713100000000}`;
const MESSAGE = `{"eventType":"MESSAGE","conversationId":"ID-0","timestamp":1713100000000,
 "data":{"isEcho":false,"sender":{"id":"agent-abc-123","type":"agent"},"text":"Hello, how can I help you?",
         "attachments":[{"id":"att-001","type":"image","preSignedUrl":"https://storage.example.com/attachments/att-001?signature=abc","fileName":"screenshot.png"}],
         "cards":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{}}]}}`;
const ACTIVITIES = `{"eventType":"ACTIVITY","conversationId":"ID-0","timestamp":1713100000000,"data":{"name":"typing","value":{"users":[{"type":"agent","id":"agent-abc-123"}]}}}
{"eventType":"ACTIVITY","conversationId":"ID-0","timestamp":1713100000000,"data":{"name":"typing","value":{"users":[]}}}
{"eventType":"ACTIVITY","conversationId":"ID-0","timestamp":1713100000000,"data":{"name":"adaptiveCard/action","value":{"type":"Action.Submit","data":{"feedbackRating":5,"comments":"Great service!"}}}}
{"eventType":"ACTIVITY","conversationId":"ID-0","timestamp":1713100000000,"data":{"name":"quickReply/action","value":{"type":"postback","data":{"title":"Check order status","payload":"order_status"}}}}
{"eventType":"ACTIVITY","conversationId":"ID-0","timestamp":1713100000000,"data":{"name":"read-receipts","value":[{"timestamp":1713100000000,"users":[{"id":"agent-abc-123","type":"agent"}]}]}}
{"eventType":"ACTIVITY","conversationId":"ID-0","timestamp":1713100000000,"data":{"name":"interactive/reply","value":{"type":"button_reply","button_reply":{"id":"btn-1","title":"Yes"}}}}`;
/**
 * 8x8's chat-workflow page, "An agent sends a message": the page's snippet
 * stops after `sender` (its closing braces are missing there); they are added.
 */
const CHAT_WORKFLOW_MESSAGE = `{
  "eventType": "MESSAGE",
  "conversationId": "ID-0",
  "timestamp": 0,
  "data": {
    "isEcho": true,
    "sender": {
      "id": "string",
      "type": ""
    }
}}`;

// ---- the same bodies with one documented value changed ----
const AGENT_LEFT = MEMBERS_CHANGED.replace('"change":"joined"', '"change":"left"');
const USER_LEFT = AGENT_LEFT.replace('"memberType":"agent"', '"memberType":"user"');
const IDLE_UPDATE = CONVERSATION_UPDATE.replace('"state":"active"', '"state":"idle"');
/** The documented MESSAGE with another `isEcho` and sender type. */
const message = (isEcho: boolean, type: string) =>
  MESSAGE.replace('"isEcho":false', `"isEcho":${isEcho}`).replace(
    '"type":"agent"',
    `"type":"${type}"`,
  );

const map = (raw: string, state?: GatewayState) =>
  mapGatewayEvent(JSON.parse(raw), { eventId: 'evt-1' }, state);

/** Maps the bodies in order, each with the state the one before left: the events of all. */
function play(...bodies: string[]): ParleyEvent[] {
  let state = INITIAL_GATEWAY_STATE;
  const events: ParleyEvent[] = [];
  for (const raw of bodies) {
    const mapped = map(raw, state)!;
    state = mapped.state;
    events.push(...mapped.events);
  }
  return events;
}

const idle: ParleyEvent = { type: 'conversation', state: 'idle' };
/** The agent of the documented bodies. */
const agent = { role: 'agent', participantId: 'agent-abc-123' } as const;
const left: ParleyEvent = { type: 'participant', change: 'left', ...agent };
const joined: ParleyEvent = { type: 'participant', change: 'joined', ...agent };
const active: ParleyEvent = { type: 'conversation', state: 'active' };
const queued: ParleyEvent = {
  type: 'conversation',
  state: 'queued',
  queueName: 'Customer Support',
  queueId: 'queue-abc-123',
};

describe('the documented gateway bodies', () => {
  it('CONVERSATION_UPDATE active (with an agent assignment) says nothing to the visitor', () => {
    expect(map(CONVERSATION_UPDATE)?.events).toEqual([]);
  });

  it('QUEUED: queued, with the queue name and the queue id', () => {
    expect(map(QUEUED)?.events).toEqual([queued]);
  });

  it('MEMBERS_CHANGED agent joined: the agent joined, the chat is active', () => {
    expect(map(MEMBERS_CHANGED)?.events).toEqual([joined, active]);
  });

  it('TRANSFER: transferred', () => {
    expect(map(TRANSFER)?.events).toEqual([{ type: 'transferred' }]);
  });

  it("MESSAGE from an agent: the agent's message, with its attachment, its card and 8x8's time", () => {
    expect(map(MESSAGE)?.events).toEqual([
      {
        type: 'message',
        messageId: 'evt-1',
        role: 'agent',
        participantId: 'agent-abc-123',
        text: 'Hello, how can I help you?',
        attachments: [
          {
            id: 'att-001',
            name: 'screenshot.png',
            kind: 'image',
            url: 'https://storage.example.com/attachments/att-001?signature=abc',
          },
        ],
        cards: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }],
        sentAt: '2024-04-14T13:06:40.000Z',
      },
    ]);
    expect(map(MESSAGE)?.ownEcho).toBeUndefined();
  });

  it('ACTIVITY: typing on and off, an agent read receipt; card and quick-reply actions and CPaaS replies say nothing', () => {
    const mapped = ACTIVITIES.split('\n').map((raw) => map(raw)?.events);
    expect(mapped).toEqual([
      [{ type: 'typing', role: 'agent', typing: true }],
      [{ type: 'typing', role: 'agent', typing: false }],
      [],
      [],
      [{ type: 'read', role: 'agent', upTo: '2024-04-14T13:06:40.000Z' }],
      [],
    ]);
  });

  it('read receipts: the latest agent reading of a list, a single object too; a user reading is no news', () => {
    const receipt = (value: unknown) =>
      map(
        JSON.stringify({
          eventType: 'ACTIVITY',
          conversationId: 'ID-0',
          timestamp: 1713100000000,
          data: { name: 'read-receipts', value },
        }),
      )?.events;
    const agent = [{ id: 'agent-abc-123', type: 'agent' }];
    expect(
      receipt([
        { timestamp: 1713100000000, users: agent },
        { timestamp: 1713100005000, users: agent },
        { timestamp: 1713100009000, users: [{ id: 'user', type: 'user' }] },
      ]),
    ).toEqual([{ type: 'read', role: 'agent', upTo: '2024-04-14T13:06:45.000Z' }]);
    expect(receipt({ timestamp: 1713100000000, users: agent })).toEqual([
      { type: 'read', role: 'agent', upTo: '2024-04-14T13:06:40.000Z' },
    ]);
    expect(receipt([{ timestamp: 1713100000000, users: [{ type: 'user' }] }])).toEqual([]);
    expect(receipt([{ timestamp: 'soon', users: agent }])).toEqual([]);
  });

  it('only the lifecycle events need the conversation state', () => {
    for (const raw of [CONVERSATION_UPDATE, QUEUED, MEMBERS_CHANGED, TRANSFER]) {
      expect(needsGatewayState(JSON.parse(raw))).toBe(true);
    }
    for (const raw of [MESSAGE, ...ACTIVITIES.split('\n')]) {
      expect(needsGatewayState(JSON.parse(raw))).toBe(false);
    }
  });
});

describe('echoes', () => {
  it("shows the chat-workflow page's agent message (isEcho true, sender type empty) as the agent's, unless the proxy posted it", () => {
    const mapped = map(CHAT_WORKFLOW_MESSAGE);
    expect(mapped?.events).toEqual([
      // The page's placeholder sender id, verbatim.
      {
        type: 'message',
        messageId: 'evt-1',
        role: 'agent',
        text: '',
        attachments: [],
        participantId: 'string',
      },
    ]);
    // The intake drops it if this content is one of the proxy's own posts.
    expect(mapped?.ownEcho).toEqual({ text: '', attachments: 0 });
  });

  it("drops the visitor's own message: sender type user, flagged as an echo or not", () => {
    expect(map(message(true, 'user'))?.events).toEqual([]);
    expect(map(message(false, 'user'))?.events).toEqual([]);
  });

  it("drops an echo of the integration's bot, and shows a bot's message that is no echo", () => {
    expect(map(message(true, 'bot'))?.events).toEqual([]);
    expect(map(message(false, 'bot'))?.events).toEqual([
      expect.objectContaining({ role: 'bot', text: 'Hello, how can I help you?' }),
    ]);
  });

  it('shows an echo that names an agent, unless the proxy posted it', () => {
    const mapped = map(message(true, 'agent'));
    expect(mapped?.events).toEqual([
      expect.objectContaining({ role: 'agent', text: 'Hello, how can I help you?' }),
    ]);
    expect(mapped?.ownEcho).toEqual({ text: 'Hello, how can I help you?', attachments: 1 });
  });
});

describe('the end of a chat', () => {
  it('an agent leaving without a TRANSFER before it ends the chat', () => {
    expect(play(MEMBERS_CHANGED, AGENT_LEFT)).toEqual([joined, active, left, idle]);
  });

  it('TRANSFER then agent left is a hand-over: no end, and the next agent who leaves ends it', () => {
    expect(play(MEMBERS_CHANGED, TRANSFER, AGENT_LEFT, QUEUED, MEMBERS_CHANGED)).toEqual([
      joined,
      active,
      { type: 'transferred' },
      left,
      queued,
      joined,
      active,
    ]);
    expect(play(MEMBERS_CHANGED, TRANSFER, AGENT_LEFT, MEMBERS_CHANGED, AGENT_LEFT)).toEqual([
      joined,
      active,
      { type: 'transferred' },
      left,
      joined,
      active,
      left,
      idle,
    ]);
  });

  it('CONVERSATION_UPDATE idle still ends it, whichever of the two comes first, and only once', () => {
    expect(play(MEMBERS_CHANGED, IDLE_UPDATE)).toEqual([joined, active, idle]);
    expect(play(MEMBERS_CHANGED, AGENT_LEFT, IDLE_UPDATE)).toEqual([joined, active, left, idle]);
    expect(play(MEMBERS_CHANGED, IDLE_UPDATE, AGENT_LEFT)).toEqual([joined, active, idle, left]);
    expect(play(IDLE_UPDATE, IDLE_UPDATE)).toEqual([idle]);
  });

  it('the user leaving ends nothing by itself (8x8 says the end with agent left or idle)', () => {
    expect(play(MEMBERS_CHANGED, USER_LEFT, AGENT_LEFT, IDLE_UPDATE)).toEqual([
      joined,
      active,
      { type: 'participant', change: 'left', role: 'visitor', participantId: 'agent-abc-123' },
      left,
      idle,
    ]);
  });

  it('a new interaction (queued again, or an agent joining) can end again', () => {
    expect(play(AGENT_LEFT, QUEUED, IDLE_UPDATE)).toEqual([left, idle, queued, idle]);
    expect(play(IDLE_UPDATE, MEMBERS_CHANGED, AGENT_LEFT)).toEqual([
      idle,
      joined,
      active,
      left,
      idle,
    ]);
  });
});
