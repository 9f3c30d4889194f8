// The choices the command accepts, as `as const` arrays so that types, commander's
// `.choices()` and the prompts share one source.
export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn"] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export const DEFAULT_PROVIDER: Provider = "sqlite";

/** What the database prompt says under each choice: what the user must have running. */
export const PROVIDER_HINTS: Record<Provider, string> = {
  sqlite: "a file in the project, nothing to install",
  postgresql: "needs a running PostgreSQL server (its URL goes in .env)",
};

/** What the command line said; `undefined` means "not given", so it may be asked. */
export interface StartProjectFlags {
  email?: boolean;
  template?: string;
  db?: Provider;
  packageManager?: PackageManager;
  /** Feature names (src/features/registry.ts), already checked by the parser. */
  features?: string[];
  install: boolean;
  git: boolean;
  yes: boolean;
}

export interface StartProjectInput {
  /** undefined: not given, so asked in a terminal (and an error without one). */
  name: string | undefined;
  directory: string | undefined;
  flags: StartProjectFlags;
}
