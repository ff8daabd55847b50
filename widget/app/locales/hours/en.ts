/**
 * The words of business hours, the offline form, departments and the transcript by
 * email (issue 17): their own chunk per language, fetched with the parts that show
 * them (hours-strings.ts), so the first open's language chunk does not carry them.
 */
export const hoursEn = {
  closedUntil: (when: string) => `We are closed. We open again ${when}.`,
  closedNow: 'No one is available right now.',
  offlineIntro: 'Leave a message and we will reply by email.',
  offlineConsent: 'I agree to be contacted about this message.',
  offlineSend: 'Send message',
  offlineWaiting: 'Your message is saved here and will be sent as soon as we can be reached.',
  offlineSent: 'Thank you! We have your message and will reply by email.',
  fieldInvalid: 'Please check this field.',
  department: 'Department',
  chooseDepartment: 'Choose a department',
  transcriptEmail: 'Email the transcript',
  transcriptSent: 'The transcript is on its way to your inbox.',
  transcriptLimited: 'Too many requests. Please try again later.',
  transcriptFailed: 'The transcript could not be sent. Please try again.',
};

export type HoursStrings = typeof hoursEn;
