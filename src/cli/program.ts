// The commander program: flags, defaults shown in --help, and nothing else. Heavy modules are
// loaded by the action, so `--help` and `--version` stay fast.
import { Command, Option, type OutputConfiguration } from "commander";
import { FEATURE_NAMES } from "../features/registry.js";
import { CliError } from "./errors.js";
import { PACKAGE_MANAGERS, PROVIDERS, type StartProjectFlags, type StartProjectInput } from "./options.js";
import { normalizeEmailFlag } from "./utils/normalize-email-flag.js";
import { readOwnVersion } from "./utils/package-root.js";

export type StartProjectHandler = (input: StartProjectInput) => Promise<void>;

/** One handler per command; each receives what the command line said, nothing else. */
export interface CommandHandlers {
  startProject: StartProjectHandler;
  /** `add <feature>`, in the current folder. */
  add(feature: string): Promise<void>;
  upgrade(): Promise<void>;
}

export function createProgram({ startProject, add, upgrade }: CommandHandlers, output?: OutputConfiguration): Command {
  const program = new Command("jwt-allauth")
    .description("Scaffold a Fastify + Prisma authentication API that uses the jwt-allauth runtime.")
    .version(readOwnVersion(), "-v, --version", "print the jwt-allauth version")
    // Commander would call process.exit itself; the entry decides instead.
    .exitOverride();
  if (output) program.configureOutput(output);

  program
    .command("startproject")
    .description("create a new project in <directory> (default: ./<name>)")
    .argument("[name]", "project name, used as the npm package name (asked when missing)")
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
    .option(
      "--features <list>",
      `comma-separated features to include (${FEATURE_NAMES.join(", ")}); asked in a terminal, none by default`,
      parseFeatureList,
    )
    .option("--no-install", "do not install dependencies")
    .option("--no-git", "do not create a git repository")
    .option("-y, --yes", "ask nothing: use the defaults for what was not given", false)
    .action(async (name: string | undefined, directory: string | undefined, flags: StartProjectFlags) => {
      await startProject({ name, directory, flags });
    });

  program
    .command("add")
    .description("add a feature to the jwt-allauth project in this folder: its models, a migration, its settings")
    .argument("<feature>", `one of: ${FEATURE_NAMES.join(", ")}`)
    .action(async (feature: string) => {
      await add(feature);
    });

  program
    .command("upgrade")
    .description("bring the package's models of this project to this version of jwt-allauth: a migration for the difference")
    .action(async () => {
      await upgrade();
    });
  return program;
}

/** `--features a,b`: known names only, so a typo stops here instead of scaffolding without it. */
export function parseFeatureList(value: string): string[] {
  const names = [...new Set(value.split(",").map((name) => name.trim()).filter(Boolean))];
  const unknown = names.filter((name) => !FEATURE_NAMES.includes(name));
  if (unknown.length > 0) throw new CliError(`--features: unknown feature "${unknown[0]}" (available: ${FEATURE_NAMES.join(", ")})`, 2);
  return names;
}

/** Parses `argv` (as process.argv: node, script, ...args) and runs the chosen command. */
export async function runProgram(argv: readonly string[], handlers: CommandHandlers, output?: OutputConfiguration): Promise<void> {
  await createProgram(handlers, output).parseAsync(normalizeEmailFlag(argv));
}
