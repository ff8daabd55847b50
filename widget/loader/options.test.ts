import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseOptions } from './options.js';

const SCRIPT = 'https://chat.example.com/parley.js';

describe('parseOptions', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // jsdom has no CSS.supports; this stands in for the browser's parser (e2e tests use the real one).
    vi.stubGlobal('CSS', {
      supports: (_property: string, value: string) =>
        /^(#[0-9a-f]{3,8}|rebeccapurple|\d+(px|rem)|0)$/i.test(value),
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    warn.mockRestore();
  });

  it('has a default for everything, the proxy being the script’s origin', () => {
    expect(parseOptions({}, SCRIPT)).toEqual({
      proxy: 'https://chat.example.com/',
      position: 'right',
      theme: 'auto',
      open: false,
      prechat: [],
      sound: false,
      notifications: true,
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('reads every valid option', () => {
    // Taken as they are written.
    const verbatim = {
      title: 'Support',
      subtitle: 'Here 9 to 5',
      accent: 'rebeccapurple',
      position: 'left',
      offsetX: '24px',
      offsetY: '2rem',
      theme: 'dark',
      launcherLabel: 'Help',
      greeting: 'Hi!',
      consent: 'I agree.',
      nonce: 'r4nd0m+/=',
    };
    const options = parseOptions(
      {
        ...verbatim,
        proxy: 'https://proxy.example.com/chat',
        locale: 'pt-br',
        prechat: 'name*, email,phone',
        open: 'true',
        zIndex: '99',
        sound: 'on',
        notifications: 'false',
      },
      SCRIPT,
    );
    expect(options).toEqual({
      ...verbatim,
      proxy: 'https://proxy.example.com/chat/',
      locale: 'pt-BR',
      prechat: [
        { name: 'name', required: true },
        { name: 'email', required: false },
        { name: 'phone', required: false },
      ],
      open: true,
      zIndex: 99,
      sound: true,
      notifications: false,
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once per wrong value and falls back to the default', () => {
    const wrong = {
      proxy: 'javascript:alert(1)',
      accent: 'url(evil)',
      position: 'top',
      theme: 'sepia',
      locale: 'not a tag!',
      prechat: 'name,age',
      open: 'maybe',
      zIndex: '1e99',
      offsetX: '20px; color: red',
      title: 'x'.repeat(81),
    };
    expect(parseOptions(wrong, SCRIPT)).toEqual(parseOptions({}, SCRIPT));
    expect(warn).toHaveBeenCalledTimes(10);
    expect(warn).toHaveBeenCalledWith(
      'Parley: data-position="top" is not valid; using the default.',
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('data-z-index="1e99"'));
  });

  it('treats locale "auto" and empty values as not set', () => {
    expect(parseOptions({ locale: 'auto', title: '  ' }, SCRIPT).locale).toBeFalsy();
    expect(warn).not.toHaveBeenCalled();
  });
});
