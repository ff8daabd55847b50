import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenFailure } from './listen-failure.js';

const where = { host: '192.0.2.1', port: 8080, portVariable: 'PORT', hostVariable: 'HOST' };

const listenError = (host: string) =>
  new Promise<unknown>((resolve) => {
    const server = createServer();
    server.once('error', resolve);
    server.listen(0, host, () => server.close(() => resolve(undefined)));
  });

describe('a server that cannot listen', () => {
  it('names the HOST that is not an address of this machine, as a configuration error', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never an address of this machine.
    expect(listenFailure(await listenError('192.0.2.1'), where)).toEqual({
      message:
        'HOST=192.0.2.1 is not an address of this machine: set HOST to one of its addresses, or 0.0.0.0 for all.',
      exitCode: 78,
    });
  });

  it('says a low port needs privileges, and leaves anything else to the caller', () => {
    const denied = Object.assign(new Error('listen EACCES'), { code: 'EACCES' });
    expect(listenFailure(denied, { ...where, port: 80 })?.message).toBe(
      'Port 80 needs privileges this user does not have: set PORT to a port above 1023 (and put a reverse proxy on 80/443).',
    );
    expect(listenFailure(new Error('something else'), where)).toBeUndefined();
  });
});
