/** The panel's words. English is the default; other locales come in their own files. */
export const en = {
  title: 'Chat with us',
  subtitle: 'We usually reply in a few minutes',
  close: 'Close chat',
  messages: 'Messages',
  messageLabel: 'Message',
  placeholder: 'Type your message…',
  send: 'Send',
  you: 'You',
  agent: 'Agent',
  agentTyping: (name: string) => `${name} is typing…`,
  agentJoined: (name: string) => `${name} joined the chat`,
  agentLeft: (name: string) => `${name} left the chat`,
  transferred: 'You are being transferred to another agent',
  queued: (queue?: string) => (queue ? `Waiting for an agent (${queue})` : 'Waiting for an agent'),
  ended: 'The chat has ended',
  pending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
  reconnecting: 'Reconnecting…',
  startFailed: 'The chat could not start. Please try again.',
};

export type Strings = typeof en;
