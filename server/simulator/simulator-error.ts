/** A request the simulated 8x8 refuses; each API's routes word it as that API does. */
export class SimulatorError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** 8x8's wording for an id it does not know. */
export function notFound(type: string, id: string) {
  return new SimulatorError(404, `Resource of type ${type} with id ${id} was not found.`);
}
