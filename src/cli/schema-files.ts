// The files the package owns in a new project: prisma/schema/jwt-allauth.prisma, one migration
// folder per package migration (the core's and each chosen feature's, for the chosen provider)
// and jwt-allauth.json. They are data from src/schema and src/features, not template output, so
// `add` and `upgrade` write exactly what startproject would have.
import type { Feature } from "../features/feature.js";
import { composeOwnedSchema, contentHash, MIGRATIONS_DIR, OWNED_SCHEMA_FILE } from "../schema/compose.js";
import { coreSchema } from "../schema/core.js";
import { readMigrations, type PackageMigration, type SchemaModule } from "../schema/module.js";
import { MANIFEST_FILE, serializeManifest } from "./manifest.js";
import type { Provider } from "./options.js";

export function schemaModules(features: readonly Feature[]): SchemaModule[] {
  return [coreSchema, ...features.map((feature) => feature.schema)];
}

export async function packageMigrations(modules: readonly SchemaModule[], provider: Provider): Promise<PackageMigration[]> {
  return (await Promise.all(modules.map((module) => readMigrations(module, provider)))).flat();
}

export function migrationFile(folder: string): string {
  return `${MIGRATIONS_DIR}/${folder}/migration.sql`;
}

/** Project path -> content, for a new project with these features. */
export async function initialSchemaFiles(provider: Provider, features: readonly Feature[], version: string): Promise<Record<string, string>> {
  const modules = schemaModules(features);
  const owned = await composeOwnedSchema(modules);
  const migrations = await packageMigrations(modules, provider);
  const files: Record<string, string> = { [OWNED_SCHEMA_FILE]: owned };
  for (const migration of migrations) files[migrationFile(migration.name)] = migration.sql;
  files[MANIFEST_FILE] = serializeManifest({
    version,
    provider,
    features: features.map((feature) => feature.name),
    migrations: migrations.map((migration) => migration.id),
    schemaHash: contentHash(owned),
  });
  return files;
}
