// Every failure the user can cause or fix is a CliError: one line to print and an exit code.
// The entry (index.ts) is the only place that turns it into output and process.exit.
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Ctrl-C at a prompt: nothing was written, so there is nothing to explain. */
export class CancelledError extends CliError {
  override name = "CancelledError";
  constructor() {
    super("cancelled, nothing was written", 130);
  }
}
