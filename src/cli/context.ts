// Answers become one frozen ProjectContext: everything a template may print or branch on.
// All computing happens here (names, URLs, secrets, versions), so templates stay data.
// The fields are documented in README.md ("Template context"): custom templates get the same.
import type { Answers } from "./ask.js";
import { DEPENDENCY_VERSIONS } from "./dependency-versions.js";
import type { PackageManager, Provider } from "./options.js";
import { resolveEnvEntry, type EnvEntry, type Feature } from "../features/feature.js";
import { findFeature } from "../features/registry.js";
import { userFieldsOf } from "../schema/compose.js";
import { defaultDatabaseUrl, describeProvider, type ProviderDescription } from "./providers.js";
import { schemaModules } from "./schema-files.js";
import { generateSigningKey } from "./utils/generate-signing-key.js";
import { packageManagerCommands, type PackageManagerCommands } from "./utils/package-manager-commands.js";

/** Installs jwt-allauth from elsewhere, e.g. `file:/abs/jwt-allauth-0.1.0.tgz` in tests. */
export const DEPENDENCY_SPEC_VARIABLE = "JWT_ALLAUTH_DEPENDENCY_SPEC";
/** Where the project keeps its copy of the default emails (relative to the project root). */
export const PROJECT_EMAIL_DIR = "templates/email";

/** JWT_ALLAUTH_TEMPLATES keys -> the default email files shipped in the package's templates/email. */
const EMAIL_TEMPLATE_FILES = {
  PASS_RESET_SUBJECT: "password-reset-subject.txt.ejs",
  // A body is its HTML file; the runtime reads the plain-text alternative beside it (.txt.ejs).
  PASS_RESET_EMAIL: "password-reset.html.ejs",
  EMAIL_VERIFICATION_SUBJECT: "email-verification-subject.txt.ejs",
  EMAIL_VERIFICATION: "email-verification.html.ejs",
  ACCOUNT_EXISTS_SUBJECT: "account-exists-subject.txt.ejs",
  ACCOUNT_EXISTS_EMAIL: "account-exists.html.ejs",
} as const;

export interface ProjectContext {
  readonly projectName: string;
  readonly packageName: string;
  readonly db: Provider;
  /** Everything provider-specific the templates print (src/cli/providers.ts). */
  readonly provider: ProviderDescription;
  readonly email: boolean;
  /** The chosen features' names (`--features`), in the registry's order. */
  readonly features: readonly string[];
  /** JWT_ALLAUTH_FEATURES: the names, comma-separated ("" for none). */
  readonly jwtAllauthFeatures: string;
  /** The chosen features' settings for .env (with fresh secrets) and for .env.example (without). */
  readonly featureEnv: readonly EnvEntry[];
  readonly featureEnvExample: readonly EnvEntry[];
  /** Relation fields the User model needs for jwt-allauth's models and the chosen features'. */
  readonly userFields: readonly string[];
  readonly packageManager: PackageManager;
  readonly commands: Readonly<PackageManagerCommands>;
  readonly defaultDatabaseUrl: string;
  /** The PostgreSQL database that URL names (compose.dev.yaml creates it); "" for SQLite. */
  readonly databaseName: string;
  readonly jwtAllauthVersion: string;
  readonly jwtAllauthDependency: string;
  readonly versions: typeof DEPENDENCY_VERSIONS;
  readonly jwtPrivateKey: string;
  readonly jwtKeyId: string;
  readonly emailTemplates: Readonly<Record<string, string>>;
  readonly jwtAllauthTemplates: string;
}

export interface ContextInputs {
  answers: Answers;
  /** Our own package.json version. */
  ownVersion: string;
  env: Record<string, string | undefined>;
  /** File names found in the package's templates/email (copied into the project with --email). */
  emailTemplateFiles: readonly string[];
}

export function createContext({ answers, ownVersion, env, emailTemplateFiles }: ContextInputs): ProjectContext {
  const signingKey = generateSigningKey();
  const emailTemplates = answers.email ? emailTemplatePaths(emailTemplateFiles) : {};
  const features = answers.features.map((name) => findFeature(name)!);
  return deepFreeze({
    projectName: answers.projectName,
    packageName: answers.packageName,
    db: answers.db,
    provider: describeProvider(answers.db),
    email: answers.email,
    features: answers.features,
    jwtAllauthFeatures: answers.features.join(","),
    featureEnv: uniqueEnv(features).map((entry) => resolveEnvEntry(entry, ".env")),
    featureEnvExample: uniqueEnv(features).map((entry) => resolveEnvEntry(entry, ".env.example")),
    userFields: userFieldsOf(schemaModules(features)),
    packageManager: answers.packageManager,
    commands: packageManagerCommands(answers.packageManager),
    defaultDatabaseUrl: defaultDatabaseUrl(answers.db, answers.projectName),
    databaseName: describeProvider(answers.db).databaseName(answers.projectName),
    jwtAllauthVersion: ownVersion,
    jwtAllauthDependency: env[DEPENDENCY_SPEC_VARIABLE]?.trim() || `^${ownVersion}`,
    versions: DEPENDENCY_VERSIONS,
    jwtPrivateKey: signingKey.privateKeyOneLine,
    jwtKeyId: signingKey.keyId,
    emailTemplates,
    jwtAllauthTemplates: Object.keys(emailTemplates).length > 0 ? JSON.stringify(emailTemplates) : "",
  });
}

export { defaultDatabaseUrl };

/** Two features may need one variable (RATE_LIMIT): written once. */
function uniqueEnv(features: readonly Feature[]): EnvEntry[] {
  return [...new Map(features.flatMap((feature) => feature.env).map((entry) => [entry.name, entry])).values()];
}

/** Only the keys whose default file exists, so the runtime falls back to its own for the rest. */
function emailTemplatePaths(available: readonly string[]): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [key, file] of Object.entries(EMAIL_TEMPLATE_FILES)) {
    if (available.includes(file)) paths[key] = `${PROJECT_EMAIL_DIR}/${file}`;
  }
  return paths;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === "object" && child !== null && !Object.isFrozen(child)) deepFreeze(child);
  }
  return Object.freeze(value);
}
