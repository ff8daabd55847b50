import { render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOptions } from './loader/options.js';
import { bare, parseJson } from './no-prototype.js';

/** What a hostile host page does before the widget loads. */
const polluted = ['dangerouslySetInnerHTML', 'consent', 'greeting', 'clientMessageId'];

afterEach(() => {
  for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
});

function pollute() {
  Object.assign(Object.prototype, {
    dangerouslySetInnerHTML: { __html: '<b>from the page</b>' },
    consent: 'I agree to whatever',
    greeting: 'A greeting the site never wrote',
    clientMessageId: 'the same for every message',
  });
}

describe('objects without a prototype', () => {
  it('have only their own keys, whatever Object.prototype holds', () => {
    pollute();
    const event = parseJson<{
      text: string;
      clientMessageId?: string;
      nested: { consent?: string }[];
    }>('{"text":"hi","nested":[{}]}');
    expect(event.clientMessageId).toBeUndefined();
    expect(event.nested[0]!.consent).toBeUndefined();
    expect(bare({ a: 1 } as { a: number; greeting?: string }).greeting).toBeUndefined();
  });

  it('are what the widget reads its options into: only what the site set', () => {
    pollute();
    const options = parseOptions(Object.create(null), 'https://chat.example.com/parley.js');
    expect(options.consent).toBeUndefined();
    expect(options.greeting).toBeUndefined();
    expect(Object.getPrototypeOf(options)).toBeNull();
  });

  // Preact's own empty object is made prototype-free by a build step
  // (scripts/preact-without-prototype.ts), which the Chromium spec proves:
  // e2e/security/prototype-pollution.spec.ts.
  it('are the props of every element: a polluted dangerouslySetInnerHTML changes nothing', () => {
    pollute();
    const { container } = render(
      <p class="text">
        <span>the widget’s own text</span>
      </p>,
    );
    expect(container.innerHTML).toBe('<p class="text"><span>the widget’s own text</span></p>');
  });
});
