import { type Plural, type PluralForms, plural } from '../plural.js';

/** The panel's words. English ships with the app; each other language is its own chunk. */
export const en = {
  title: 'Chat with us',
  subtitle: 'We usually reply in a few minutes',
  close: 'Close chat',
  endChat: 'End chat',
  endConfirm: 'End this chat? You can still download the transcript afterwards.',
  cancel: 'Cancel',
  messages: 'Messages',
  messageLabel: 'Message',
  placeholder: 'Type your message…',
  send: 'Send',
  attach: 'Attach a file',
  you: 'You',
  agent: 'Agent',
  agentTyping: (name: string) => `${name} is typing…`,
  agentJoined: (name: string) => `${name} joined the chat`,
  agentLeft: (name: string) => `${name} left the chat`,
  transferred: 'You are being transferred to another agent',
  queued: (queue?: string) => (queue ? `Waiting for an agent (${queue})` : 'Waiting for an agent'),
  position: (position: number) => `Your place in the queue: ${position}`,
  ended: 'The chat has ended',
  pending: 'Sending…',
  failed: 'Not sent',
  retry: 'Retry',
  reconnecting: 'Reconnecting…',
  offline: 'You are offline. Your messages will be sent when the connection returns.',
  uploading: (percent: number) => `Uploading… ${percent}%`,
  fileTooBig: (size: string) => `Files can be at most ${size}.`,
  fileType: 'This type of file cannot be sent.',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  optional: '(optional)',
  fieldRequired: 'Please fill in this field.',
  invalidEmail: 'Enter an email address like name@example.com.',
  invalidPhone: 'Enter a phone number: digits, spaces and + ( ) - only.',
  consentRequired: 'Please agree to continue.',
  startChat: 'Start chat',
  newChat: 'Start a new chat',
  download: 'Download transcript',
  transcript: 'Chat transcript',
  unread: plural('en', { one: '# unread message', other: '# unread messages' }),
  startFailed: 'The chat could not start. Please try again.',
  suggestedReplies: 'Suggested replies',
  // read receipts, notifications
  sent: 'Sent',
  delivered: 'Seen',
  notifyAsk: 'Be notified when we reply?',
  notifyOn: 'Notify me',
  notifyOff: 'No thanks',
  // How it went: the survey after a chat
  surveyQuestion: 'How was this chat?',
  surveyScore: (n: number) => `${n} of 5`,
  surveyGood: 'Good',
  surveyBad: 'Bad',
  surveyComment: 'Comment',
  surveySend: 'Send',
  surveySkip: 'Skip',
  surveyThanks: 'Thank you for your feedback!',
  // visual design (issue 19)
  dismiss: 'Dismiss',
  transferredTo: (name: string, queue?: string) =>
    queue ? `Transferred to ${name} (${queue})` : `Transferred to ${name}`,
  chattedWith: (name: string) => `You chatted with ${name}`,
  // images in (issue 18): drag and drop, paste, previews
  fileHint: (types: string, size: string) =>
    `${types}, up to ${size} each. You can also drop or paste files here.`,
  chooseFiles: 'Choose files',
  filesToSend: 'Files to send',
  removeFile: (name: string) => `Remove ${name}`,
  dropFiles: 'Drop files here to attach them',
  cancelUpload: (name: string) => `Cancel sending ${name}`,
  noFiles: 'Files cannot be sent in this chat.',
  fileEmpty: 'This file is empty.',
  // waiting, honestly: the queue's wait (issue 17)
  waitMinutes: plural('en', {
    one: 'Usual wait: about # minute',
    other: 'Usual wait: about # minutes',
  }),
  waitingInQueue: (count: number) => `Chats waiting: ${count}`,
  // cards and formatting (issue 18)
  unsupportedCard: 'This card cannot be shown here.',
  carousel: 'Cards',
  slide: (n: number, total: number) => `Card ${n} of ${total}`,
  previousSlide: 'Previous card',
  nextSlide: 'Next card',
};

export type Strings = typeof en;

/**
 * A language file: each count written as its plural forms (data, so each file is
 * a chunk of its own with no imports); loadStrings makes them functions.
 */
export type Translation = {
  [Key in keyof Strings]: Strings[Key] extends Plural ? PluralForms : Strings[Key];
};
