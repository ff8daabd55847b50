import type { FastifyInstance } from 'fastify';
import { ContactCenterSimulator, type SimulatorOptions } from './contact-center-simulator.js';
import { SimulatorStorage } from './simulator-storage.js';

/**
 * A simulator, from its SQLite file when there is one (`file`), else in memory.
 * A file it cannot read stops it with a line naming the file and the way out.
 */
export function openSimulator(options: SimulatorOptions, file: string | undefined) {
  if (!file) return { simulator: new ContactCenterSimulator(options), storage: undefined };
  let storage: SimulatorStorage | undefined;
  try {
    storage = new SimulatorStorage(file);
    return { simulator: new ContactCenterSimulator({ ...options, storage }), storage };
  } catch (error) {
    storage?.close();
    throw new Error(
      `The 8x8 simulator cannot read ${file} (${(error as Error).message}): delete the file to start it afresh.`,
      { cause: error },
    );
  }
}

/** When its server closes, the simulator stops delivering and its file is closed. */
export function closeWithServer(
  server: FastifyInstance,
  simulator: ContactCenterSimulator,
  storage: SimulatorStorage | undefined,
) {
  server.addHook('onClose', async () => {
    simulator.stop();
    storage?.close();
  });
}
