// Flags and prompts become one Answers object. A flag skips its prompt; `--yes` or a
// terminal that cannot answer (CI, pipes) takes the defaults, never waits, and says which it
// took. Writes nothing.
import path from "node:path";
import { FEATURES } from "../features/registry.js";
import { CancelledError, CliError } from "./errors.js";
import { DEFAULT_PROVIDER, PROVIDER_HINTS, PROVIDERS, type PackageManager, type Provider, type StartProjectInput } from "./options.js";
import { detectPackageManager } from "./utils/detect-package-manager.js";
import { DEFAULT_TEMPLATE_DIR } from "./utils/package-root.js";
import { projectNameProblem, validateProjectName } from "./utils/validate-project-name.js";

export interface Answers {
  /** The npm package name as given, possibly scoped (`@acme/api`). */
  packageName: string;
  /** The name without its scope (`api`): folder, database and display name. */
  projectName: string;
  /** Absolute path of the project folder to create. */
  targetDir: string;
  templateDir: string;
  db: Provider;
  email: boolean;
  /** Feature names, in the registry's order. */
  features: string[];
  packageManager: PackageManager;
  install: boolean;
  git: boolean;
  /** The flags equivalent to the defaults taken without asking (`--db sqlite`), to tell the user. */
  defaulted: readonly string[];
}

export interface AskEnvironment {
  cwd: string;
  /** stdin and stdout are terminals, so a person can answer. */
  interactive: boolean;
  /** npm_config_user_agent, which names the package manager that ran us. */
  userAgent: string | undefined;
}

type Asked = { name?: string; db?: Provider; email?: boolean; features?: string[] };

export async function ask({ name: givenName, directory, flags }: StartProjectInput, env: AskEnvironment): Promise<Answers> {
  if (givenName !== undefined) validateProjectName(givenName);
  const mayPrompt = env.interactive && !flags.yes;
  if (givenName === undefined && !mayPrompt) {
    throw new CliError("missing the project name: jwt-allauth startproject <name>, e.g. jwt-allauth startproject my-api", 2);
  }
  const asked: Asked = mayPrompt ? await promptMissing(givenName, flags) : {};
  const name = givenName ?? asked.name!;
  const projectName = name.startsWith("@") ? name.slice(name.indexOf("/") + 1) : name;
  const db = flags.db ?? asked.db;
  const email = flags.email ?? asked.email;
  return {
    packageName: name,
    projectName,
    targetDir: path.resolve(env.cwd, directory ?? projectName),
    templateDir: flags.template === undefined ? DEFAULT_TEMPLATE_DIR : path.resolve(env.cwd, flags.template),
    db: db ?? DEFAULT_PROVIDER,
    email: email ?? false,
    features: inRegistryOrder(flags.features ?? asked.features ?? []),
    packageManager: flags.packageManager ?? detectPackageManager(env.userAgent),
    install: flags.install,
    git: flags.git,
    defaulted: [...(db === undefined ? [`--db ${DEFAULT_PROVIDER}`] : []), ...(email === undefined ? ["--no-email"] : [])],
  };
}

/** The registry's order is the order of models and hooks, whatever order the user typed. */
function inRegistryOrder(features: readonly string[]): string[] {
  return FEATURES.map((feature) => feature.name).filter((name) => features.includes(name));
}

async function promptMissing(name: string | undefined, flags: StartProjectInput["flags"]): Promise<Asked> {
  const { default: prompts } = await import("prompts");
  return prompts(
    [
      {
        type: name === undefined ? "text" : null,
        name: "name",
        message: "What is your project named?",
        initial: "my-api",
        format: (value: string) => value.trim(),
        validate: (value: string) => projectNameProblem(value.trim()) ?? true,
      },
      {
        type: flags.db === undefined ? "select" : null,
        name: "db",
        message: "Which database?",
        choices: PROVIDERS.map((provider) => ({ title: provider, value: provider, description: PROVIDER_HINTS[provider] })),
        initial: PROVIDERS.indexOf(DEFAULT_PROVIDER),
      },
      {
        // confirm, not toggle: it takes y/n (and Enter for the default) as every CLI does.
        type: flags.email === undefined ? "confirm" : null,
        name: "email",
        message: "Email verification? (sign-up sends a link to confirm the address)",
        initial: false,
      },
      {
        type: flags.features === undefined ? "multiselect" : null,
        name: "features",
        message: "Features (space to select, enter to confirm)",
        choices: FEATURES.map((feature) => ({ title: feature.name, description: feature.summary, value: feature.name })),
        instructions: false,
      },
    ],
    {
      onCancel: () => {
        throw new CancelledError();
      },
    },
  );
}
