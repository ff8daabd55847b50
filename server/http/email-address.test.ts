import { describe, expect, it } from 'vitest';
import { EmailAddress } from '../../protocol/availability-api.js';
import { EMAIL_ADDRESS, isEmailAddress } from '../../widget/app/email-address.js';

describe('the widget’s email address check', () => {
  it('is the proxy’s own pattern', () => {
    expect(EMAIL_ADDRESS.source).toBe((EmailAddress as { pattern?: string }).pattern);
  });

  it('takes a plain address and refuses header tricks', () => {
    expect(isEmailAddress('ada@example.com')).toBe(true);
    expect(isEmailAddress('Ada <ada@example.com>')).toBe(false);
    expect(isEmailAddress('ada@example.com\r\nBcc: x@example.com')).toBe(false);
    expect(isEmailAddress('ada@example')).toBe(false);
  });
});
