import { CliError } from "../errors.js";

const TRUE_WORDS = new Set(["true", "yes", "1", "on"]);
const FALSE_WORDS = new Set(["false", "no", "0", "off"]);

/**
 * The Python seed was called as `--email=True` / `--email=False`. Commander's boolean flags take
 * no value, and an optional value would swallow the project name in `--email myproject`, so the
 * seed's spelling is rewritten to `--email` / `--no-email` before parsing.
 */
export function normalizeEmailFlag(argv: readonly string[]): string[] {
  return argv.map((arg) => {
    if (!arg.startsWith("--email=")) return arg;
    const value = arg.slice("--email=".length).toLowerCase();
    if (TRUE_WORDS.has(value)) return "--email";
    if (FALSE_WORDS.has(value)) return "--no-email";
    throw new CliError(`--email takes True or False, not "${arg.slice("--email=".length)}"`, 2);
  });
}
