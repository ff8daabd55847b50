import { describe, expect, it } from 'vitest';
import { mapGatewayEvent } from './chat-gateway-events.js';
import { webUrl } from './json-read.js';

/** A webhook's "pre-signed URL" becomes a link in the widget: http(s) only (the XSS suite found this). */
describe('attachment URLs from 8x8', () => {
  it('keeps http(s) URLs as sent and drops every other scheme', () => {
    const signed = 'https://storage.example.com/att-001?signature=a%2Fb&x=1';
    expect(webUrl(signed)).toBe(signed);
    expect(webUrl('http://example.com/f')).toBe('http://example.com/f');
    for (const hostile of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'blob:https://evil.example/1',
      '//evil.example/x',
      'not a url',
    ]) {
      expect(webUrl(hostile), hostile).toBeUndefined();
    }
  });

  it('maps a MESSAGE whose attachment has a javascript: URL to a file without a link', () => {
    const mapped = mapGatewayEvent(
      {
        eventType: 'MESSAGE',
        conversationId: 'c-1',
        timestamp: 1,
        data: {
          isEcho: false,
          sender: { id: 'agent-alex', type: 'agent' },
          text: 'see file',
          attachments: [
            { id: 'a-1', type: 'file', preSignedUrl: 'javascript:alert(1)', fileName: 'x.pdf' },
          ],
        },
      },
      { eventId: 'e-1' },
    );
    const message = mapped?.events.find((event) => event.type === 'message');
    expect(message).toMatchObject({ attachments: [{ id: 'a-1', name: 'x.pdf', kind: 'file' }] });
    expect(JSON.stringify(message)).not.toContain('javascript:');
  });
});
