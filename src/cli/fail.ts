// CLI errors: a message for the operator and an exit status, never a stack trace for expected failures.

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Wraps a command action so a CliError prints its message and sets the exit status. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof CliError) {
        process.stderr.write(`parapet: ${err.message}\n`);
        process.exitCode = err.exitCode;
        return;
      }
      throw err;
    }
  };
}
