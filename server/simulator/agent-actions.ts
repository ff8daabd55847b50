import { randomUUID } from 'node:crypto';
import type { Attachments } from './attachments.js';
import type { Configuration } from './configuration.js';
import type { Conversations, SimConversation } from './conversations.js';
import type { ReportEvent } from './event-reporter.js';
import { SimulatorError } from './simulator-error.js';
import type { Variants } from './variants.js';

export interface Agent {
  id: string;
  name: string;
}

/** A file an agent sends. */
export interface AgentFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export const DEFAULT_AGENTS: Agent[] = [
  { id: 'agent-alex', name: 'Alex Morgan' },
  { id: 'agent-sam', name: 'Sam Okafor' },
  { id: 'agent-kim', name: 'Kim Lindqvist' },
];

/**
 * What an agent does in 8x8's Agent Workspace, as the agent console (and tests)
 * drive it: accept a waiting chat, write, type, transfer, leave, end. Each is
 * refused (409) unless the chat is in a state where the agent could do it.
 */
export class AgentActions {
  readonly agents: Agent[];
  readonly #conversations: Conversations;
  readonly #configuration: Configuration;
  readonly #attachments: Attachments;
  readonly #report: ReportEvent;
  readonly #changed: (conversation: SimConversation) => void;
  readonly #variants: Variants;

  constructor(parts: {
    agents: Agent[];
    conversations: Conversations;
    configuration: Configuration;
    attachments: Attachments;
    report: ReportEvent;
    changed: (conversation: SimConversation) => void;
    variants: Variants;
  }) {
    this.agents = parts.agents;
    this.#conversations = parts.conversations;
    this.#configuration = parts.configuration;
    this.#attachments = parts.attachments;
    this.#report = parts.report;
    this.#changed = parts.changed;
    this.#variants = parts.variants;
  }

  agent(id: string): Agent {
    const agent = this.agents.find((candidate) => candidate.id === id);
    if (!agent) throw new SimulatorError(404, `There is no agent ${id}.`);
    return agent;
  }

  accept(agentId: string, conversationId: string): void {
    const agent = this.agent(agentId);
    const conversation = this.#conversations.get(conversationId);
    if (conversation.agentId) throw new SimulatorError(409, 'Another agent already has this chat.');
    if (!conversation.waiting) throw new SimulatorError(409, 'This chat is not waiting.');
    conversation.agentId = agent.id;
    conversation.waiting = false;
    this.#report(conversation, 'CONVERSATION_UPDATE', {
      state: 'active',
      assignment: { type: 'agent', id: agent.id },
    });
    this.#report(conversation, 'MEMBERS_CHANGED', {
      memberType: 'agent',
      change: 'joined',
      id: agent.id,
    });
    this.#changed(conversation);
  }

  /**
   * A message, with files when given (8x8 stores them and the webhook carries pre-signed
   * URLs) and cards (each given an id, as 8x8's Card has one).
   */
  message(
    agentId: string,
    conversationId: string,
    text: string,
    files: AgentFile[] = [],
    cards: Record<string, unknown>[] = [],
  ): void {
    const conversation = this.#assigned(agentId, conversationId);
    const ids = files.map((file) => this.#attachments.upload(conversation, file).id);
    // An agent who replies has read what the visitor wrote (the documented ACTIVITY shape).
    if (this.#variants.current.agentReadReceipts === 'on-reply') {
      this.#report(conversation, 'ACTIVITY', {
        name: 'read-receipts',
        value: [{ timestamp: Date.now(), users: [{ id: agentId, type: 'agent' }] }],
      });
    }
    const withIds = cards.map((card) => ({ id: randomUUID(), ...card, actionSubmitted: false }));
    this.#conversations.addMessage(
      conversation,
      { id: agentId, type: 'agent' },
      text,
      ids,
      withIds,
    );
    conversation.agentTyping = false;
    this.#report(conversation, 'MESSAGE', {
      isEcho: false,
      sender: { id: agentId, type: 'agent' },
      text,
      attachments: ids.map((id) => this.#attachments.event(conversation, id)),
      cards: withIds,
    });
    this.#changed(conversation);
  }

  typing(agentId: string, conversationId: string, typing: boolean): void {
    this.#conversations.agentTyping(this.#assigned(agentId, conversationId), agentId, typing);
  }

  /** TRANSFER, agent left, queued again in the target queue: another agent will join. */
  transfer(agentId: string, conversationId: string, queueId: string): void {
    const conversation = this.#assigned(agentId, conversationId);
    this.#configuration.queue(queueId);
    this.#report(conversation, 'TRANSFER');
    this.#conversations.agentLeft(conversation, agentId);
    this.#conversations.enqueue(conversation, queueId);
  }

  /**
   * The agent leaves without ending the chat: agent left (no TRANSFER before it).
   * Nobody is assigned; the visitor's next message queues the chat again.
   */
  leave(agentId: string, conversationId: string): void {
    const conversation = this.#assigned(agentId, conversationId);
    this.#conversations.agentLeft(conversation, agentId);
    this.#changed(conversation);
  }

  /**
   * The agent ends the chat. Gateway: agent left, then idle (or one of them, as
   * the `agentEnd` variant says). Legacy: AGENT_LEFT, and the agent stays held
   * until the integration calls "customer leaves".
   */
  end(agentId: string, conversationId: string): void {
    const conversation = this.#assigned(agentId, conversationId);
    if (conversation.api === 'legacy') {
      this.#conversations.agentLeft(conversation, agentId);
      conversation.heldAgentId = agentId;
      this.#changed(conversation);
      return;
    }
    const shape = this.#variants.current.agentEnd;
    this.#conversations.endInteraction(conversation, {
      agentLeft: shape !== 'idle-only',
      idle: shape !== 'left-only',
    });
  }

  #assigned(agentId: string, conversationId: string): SimConversation {
    this.agent(agentId);
    const conversation = this.#conversations.get(conversationId);
    if (conversation.agentId !== agentId) throw new SimulatorError(409, 'This chat is not yours.');
    return conversation;
  }
}
