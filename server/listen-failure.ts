/** Exit codes of `parley start` (sysexits.h), documented in docs/troubleshooting.md. */
export const EXIT_CONFIG = 78; // EX_CONFIG: the configuration is wrong; a restart will not help
export const EXIT_PORT_IN_USE = 75; // EX_TEMPFAIL: try again once the other process let go

interface ListenFailure {
  message: string;
  exitCode: number;
}

/**
 * Why a server could not listen, as one line for whoever started it and an exit
 * code, instead of a stack trace; undefined for anything else. `portVariable`
 * names the variable that sets the port (PORT, SIMULATOR_PORT).
 */
export function listenFailure(
  error: unknown,
  where: { host: string; port: number; portVariable: string; hostVariable: string },
): ListenFailure | undefined {
  const { host, port, portVariable, hostVariable } = where;
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return {
        message: `Port ${port} is in use (on ${host}): stop the other process or set ${portVariable} to a free port.`,
        exitCode: EXIT_PORT_IN_USE,
      };
    case 'EACCES':
      return {
        message: `Port ${port} needs privileges this user does not have: set ${portVariable} to a port above 1023 (and put a reverse proxy on 80/443).`,
        exitCode: EXIT_CONFIG,
      };
    case 'EADDRNOTAVAIL':
      return {
        message: `${hostVariable}=${host} is not an address of this machine: set ${hostVariable} to one of its addresses, or 0.0.0.0 for all.`,
        exitCode: EXIT_CONFIG,
      };
    default:
      return undefined;
  }
}

/** For a command's main: the line and the exit code for a known failure, else the error as it is. */
export function exitOnListenFailure(
  error: unknown,
  where: Parameters<typeof listenFailure>[1],
): never {
  const failure = listenFailure(error, where);
  if (!failure) throw error;
  console.error(failure.message);
  process.exit(failure.exitCode);
}
