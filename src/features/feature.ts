// What a feature module brings, in one object (src/features/<name>/index.ts): what the CLI writes
// into a project (models, migrations, settings, next steps) and what the runtime runs.
import type { RuntimeFeature } from "../runtime/features.js";
import type { SchemaModule } from "../schema/module.js";

export interface EnvEntry {
  name: string;
  /** Written to .env and .env.example; never replaces a value already there. */
  value: string;
  /** One line above the variable: what it does. */
  comment: string;
  /** A secret made fresh for each project's .env; .env.example (committed) gets `value` instead. */
  generate?: () => string;
}

export type EnvFileName = ".env" | ".env.example";

/** The entry as written to one file: a generated secret lands in .env only, never in .env.example. */
export function resolveEnvEntry(entry: EnvEntry, file: EnvFileName): EnvEntry {
  return { name: entry.name, comment: entry.comment, value: file === ".env" && entry.generate ? entry.generate() : entry.value };
}

export interface Feature {
  /** `--features <name>`, `jwt-allauth add <name>`, JWT_ALLAUTH_FEATURES. Lower case and dashes. */
  name: string;
  /** One line for --help, the prompt and the README. */
  summary: string;
  schema: SchemaModule;
  /** Its variables, besides its name in JWT_ALLAUTH_FEATURES. */
  env: readonly EnvEntry[];
  /** What to do after `add`, besides migrating (printed as they are). */
  nextSteps: readonly string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each feature has its own settings type
  runtime: RuntimeFeature<any>;
}
