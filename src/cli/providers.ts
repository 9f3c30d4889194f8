// Every database the CLI can scaffold, described once: the templates print these values instead of
// branching on the provider, and the shipped migrations are one SQL file per provider
// (src/schema/migrations/<id>/). Adding a database adds an entry here and its migrations.
import type { DependencyName } from "./dependency-versions.js";
import type { Provider } from "./options.js";

export interface ProviderDescription {
  /** The Prisma datasource `provider` and migration_lock.toml value. */
  readonly id: Provider;
  readonly label: string;
  /** The Prisma 7 driver adapter: its package, its class and how db.ts constructs it from `url`. */
  readonly adapter: { readonly package: DependencyName; readonly className: string; readonly construct: string };
  /** The database driver the adapter uses, its types, and a sentence for the README. */
  readonly driver: { readonly package: DependencyName; readonly types: DependencyName; readonly label: string };
  /** Packages whose install scripts must run (npm 11 `allowScripts`, pnpm `onlyBuiltDependencies`). */
  readonly buildsNative: readonly DependencyName[];
  /** What db.ts runs right after creating the client, so a wrong URL fails at boot. */
  readonly connectStatement: string;
  /** The database is a file beside the app: db.ts makes it owner-only (0600) at start, like .env. */
  readonly localFile: boolean;
  /** DATABASE_URL: the pattern settings.ts checks (a RegExp literal's body) and the example its error shows. */
  readonly urlPattern: string;
  readonly urlExample: string;
  /** The DATABASE_URL written to .env: works on a developer machine with the default setup. */
  defaultUrl(projectName: string): string;
  /** The database that URL names, which compose.dev.yaml creates; "" when there is no server. */
  databaseName(projectName: string): string;
}

export const PROVIDER_DESCRIPTIONS: Readonly<Record<Provider, ProviderDescription>> = {
  sqlite: {
    id: "sqlite",
    label: "SQLite",
    adapter: { package: "@prisma/adapter-better-sqlite3", className: "PrismaBetterSqlite3", construct: "new PrismaBetterSqlite3({ url })" },
    driver: { package: "better-sqlite3", types: "@types/better-sqlite3", label: "better-sqlite3" },
    buildsNative: ["better-sqlite3"],
    // WAL: readers no longer wait for the writer, so a login does not stall behind a refresh.
    connectStatement: 'await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");',
    localFile: true,
    urlPattern: "^file:",
    urlExample: "file:./dev.db",
    defaultUrl: () => "file:./dev.db",
    databaseName: () => "",
  },
  postgresql: {
    id: "postgresql",
    label: "PostgreSQL",
    adapter: {
      package: "@prisma/adapter-pg",
      className: "PrismaPg",
      // Bounds found by test/scale/faults.test.ts: without them a database that accepts connections
      // and never answers held every request until it came back.
      construct: [
        "new PrismaPg({",
        "    connectionString: url,",
        "    // A database that accepts connections and never answers (a network partition, a frozen",
        "    // host) must not hold requests forever: after 5 s they fail with 503 database_unavailable.",
        "    connectionTimeoutMillis: 5_000,",
        "    query_timeout: 5_000,",
        "  })",
      ].join("\n"),
    },
    driver: { package: "pg", types: "@types/pg", label: "node-postgres" },
    buildsNative: [],
    // $connect() alone succeeds without a server (the pool connects lazily): a query proves it.
    connectStatement: 'await prisma.$queryRawUnsafe("SELECT 1");',
    localFile: false,
    urlPattern: "^postgres(ql)?:\\/\\/",
    urlExample: "postgresql://user:password@host:5432/db",
    defaultUrl: (projectName) => `postgresql://postgres@localhost:5432/${postgresDatabaseName(projectName)}`,
    databaseName: (projectName) => postgresDatabaseName(projectName),
  },
};

/** PostgreSQL identifiers: letters, digits and underscores need no quoting anywhere. */
function postgresDatabaseName(projectName: string): string {
  return projectName.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

export function describeProvider(provider: Provider): ProviderDescription {
  return PROVIDER_DESCRIPTIONS[provider];
}

export function defaultDatabaseUrl(provider: Provider, projectName: string): string {
  return PROVIDER_DESCRIPTIONS[provider].defaultUrl(projectName);
}
