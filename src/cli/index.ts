// The entry of the `jwt-allauth` binary and the only place that calls process.exit:
// every failure arrives here once and becomes one line on stderr and an exit code.
import { CommanderError } from "commander";
import { CliError } from "./errors.js";
import { runProgram } from "./program.js";

try {
  await runProgram(process.argv, {
    async startProject(input) {
      const { startProject } = await import("./startproject.js");
      await startProject(input);
    },
    async add(feature) {
      const { addFeature } = await import("./add.js");
      await addFeature(process.cwd(), feature);
    },
    async upgrade() {
      const { upgradeProject } = await import("./upgrade.js");
      await upgradeProject(process.cwd());
    },
  });
} catch (error) {
  process.exit(exitCodeFor(error));
}

function exitCodeFor(error: unknown): number {
  // Commander has already printed its message (or the help / version text).
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
