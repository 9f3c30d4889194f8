// Flags and prompts become one Answers object. A flag skips its prompt; `--yes` or a
// terminal that cannot answer (CI, pipes) takes the defaults and never waits. Writes nothing.
import path from "node:path";
import { FEATURES } from "../features/registry.js";
import { CancelledError } from "./errors.js";
import { DEFAULT_PROVIDER, PROVIDERS, type PackageManager, type Provider, type StartProjectInput } from "./options.js";
import { detectPackageManager } from "./utils/detect-package-manager.js";
import { DEFAULT_TEMPLATE_DIR } from "./utils/package-root.js";
import { validateProjectName } from "./utils/validate-project-name.js";

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
}

export interface AskEnvironment {
  cwd: string;
  /** stdin and stdout are terminals, so a person can answer. */
  interactive: boolean;
  /** npm_config_user_agent, which names the package manager that ran us. */
  userAgent: string | undefined;
}

export async function ask({ name, directory, flags }: StartProjectInput, env: AskEnvironment): Promise<Answers> {
  validateProjectName(name);
  const projectName = name.startsWith("@") ? name.slice(name.indexOf("/") + 1) : name;
  const mayPrompt = env.interactive && !flags.yes;
  const asked = mayPrompt ? await promptMissing(flags) : {};
  return {
    packageName: name,
    projectName,
    targetDir: path.resolve(env.cwd, directory ?? projectName),
    templateDir: flags.template === undefined ? DEFAULT_TEMPLATE_DIR : path.resolve(env.cwd, flags.template),
    db: flags.db ?? asked.db ?? DEFAULT_PROVIDER,
    email: flags.email ?? asked.email ?? false,
    features: inRegistryOrder(flags.features ?? asked.features ?? []),
    packageManager: flags.packageManager ?? detectPackageManager(env.userAgent),
    install: flags.install,
    git: flags.git,
  };
}

/** The registry's order is the order of models and hooks, whatever order the user typed. */
function inRegistryOrder(features: readonly string[]): string[] {
  return FEATURES.map((feature) => feature.name).filter((name) => features.includes(name));
}

async function promptMissing(flags: StartProjectInput["flags"]): Promise<{ db?: Provider; email?: boolean; features?: string[] }> {
  const { default: prompts } = await import("prompts");
  return prompts(
    [
      {
        type: flags.db === undefined ? "select" : null,
        name: "db",
        message: "Database",
        choices: PROVIDERS.map((provider) => ({ title: provider, value: provider })),
        initial: PROVIDERS.indexOf(DEFAULT_PROVIDER),
      },
      {
        type: flags.email === undefined ? "toggle" : null,
        name: "email",
        message: "Email verification over SMTP?",
        initial: false,
        active: "yes",
        inactive: "no",
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
