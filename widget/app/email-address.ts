/**
 * An address the proxy will write to (protocol/availability-api.ts `EmailAddress`,
 * the same pattern): checked in the offline form and the transcript field before
 * anything is sent, so the visitor hears about a typo at once.
 */
export const EMAIL_ADDRESS = /^[^\s@<>(),;:"\\]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$/;

export const isEmailAddress = (value: string) => value.length <= 254 && EMAIL_ADDRESS.test(value);
