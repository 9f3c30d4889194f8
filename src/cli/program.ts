// The commander program: flags, defaults shown in --help, and nothing else. Heavy modules are
// loaded by the action, so `--help` and `--version` stay fast.
import { Command, Option, type OutputConfiguration } from "commander";
import { PACKAGE_MANAGERS, PROVIDERS, type StartProjectFlags, type StartProjectInput } from "./options.js";
import { normalizeEmailFlag } from "./utils/normalize-email-flag.js";
import { readOwnVersion } from "./utils/package-root.js";

export type StartProjectHandler = (input: StartProjectInput) => Promise<void>;

export function createProgram(startProject: StartProjectHandler, output?: OutputConfiguration): Command {
  const program = new Command("jwt-allauth")
    .description("Scaffold a Fastify + Prisma authentication API that uses the jwt-allauth runtime.")
    .version(readOwnVersion(), "-v, --version", "print the jwt-allauth version")
    // Commander would call process.exit itself; the entry decides instead.
    .exitOverride();
  if (output) program.configureOutput(output);

  program
    .command("startproject")
    .description("create a new project in <directory> (default: ./<name>)")
    .argument("<name>", "project name, used as the npm package name")
    .argument("[directory]", "where to create the project")
    .option("--email", "email verification on, SMTP settings in .env (also --email=True)")
    .option("--no-email", "email verification off, console email backend (also --email=False)")
    .addOption(new Option("--db <provider>", "database (default: sqlite)").choices(PROVIDERS))
    .option("--template <path>", "render a custom template directory instead of the default one")
    .addOption(
      new Option("--package-manager <name>", "package manager (default: the one running this command, else npm)").choices(
        PACKAGE_MANAGERS,
      ),
    )
    .option("--no-install", "do not install dependencies")
    .option("--no-git", "do not create a git repository")
    .option("-y, --yes", "ask nothing: use the defaults for what was not given", false)
    .action(async (name: string, directory: string | undefined, flags: StartProjectFlags) => {
      await startProject({ name, directory, flags });
    });
  return program;
}

/** Parses `argv` (as process.argv: node, script, ...args) and runs the chosen command. */
export async function runProgram(argv: readonly string[], startProject: StartProjectHandler, output?: OutputConfiguration): Promise<void> {
  await createProgram(startProject, output).parseAsync(normalizeEmailFlag(argv));
}
