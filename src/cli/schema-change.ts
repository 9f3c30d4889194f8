// What `add` and `upgrade` write: the project's package-owned schema recomposed for a set of
// features, the package migrations it does not have yet as new migration folders (named after
// now, so they sort after the user's own), the User relation fields, the features' settings and
// the manifest. Everything is computed before anything is written.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Feature } from "../features/feature.js";
import { composeOwnedSchema, contentHash, MIGRATIONS_DIR, OWNED_SCHEMA_FILE, userFieldsOf } from "../schema/compose.js";
import { appendMissing, enableFeature } from "./env-file.js";
import { MANIFEST_FILE, serializeManifest } from "./manifest.js";
import type { Project } from "./project.js";
import { migrationFile, packageMigrations, schemaModules } from "./schema-files.js";
import { addUserFields, assertNoModelClash } from "./user-model.js";
import { migrationFolderNames } from "./utils/migration-folder-names.js";

export const ENV_FILES = [".env", ".env.example"] as const;

export interface SchemaChange {
  /** Project path -> new content (null: the file is deleted). */
  writes: Map<string, string | null>;
  /** Folder names of the migrations added, oldest first. */
  migrations: string[];
}

export interface ChangeRequest {
  project: Project;
  /** Every feature the project has after the change. */
  features: readonly Feature[];
  /** Features whose name joins JWT_ALLAUTH_FEATURES. */
  enable: readonly Feature[];
  version: string;
  now: Date;
}

export async function planSchemaChange({ project, features, enable, version, now }: ChangeRequest): Promise<SchemaChange> {
  const { manifest } = project;
  const modules = schemaModules(features);
  const added = (await packageMigrations(modules, manifest.provider)).filter((migration) => !manifest.migrations.includes(migration.id));
  const newModels = enable.flatMap((feature) => feature.schema.models);
  assertNoModelClash(project.userSchema, newModels);
  const owned = await composeOwnedSchema(modules);
  const writes = new Map<string, string | null>();
  if (owned !== project.ownedSchema) writes.set(OWNED_SCHEMA_FILE, owned);
  for (const file of addUserFields(project.userSchema, userFieldsOf(modules))) {
    if (file.content !== project.userSchema.find((original) => original.path === file.path)?.content) writes.set(file.path, file.content);
  }
  const folders = migrationFolderNames(await existingMigrations(project.dir), now, added.map((migration) => migration.name));
  added.forEach((migration, index) => writes.set(migrationFile(folders[index]!), migration.sql));
  for (const envFile of ENV_FILES) {
    const text = await readFile(path.join(project.dir, envFile), "utf8").catch(() => undefined);
    if (text === undefined) continue; // a clone without .env: .env.example still gets the settings
    let next = enable.reduce((current, feature) => enableFeature(current, feature.name), text);
    for (const feature of features) next = appendMissing(next, `${feature.name} (jwt-allauth add)`, feature.env, envFile);
    if (next !== text) writes.set(envFile, next);
  }
  writes.set(
    MANIFEST_FILE,
    serializeManifest({
      version,
      provider: manifest.provider,
      features: features.map((feature) => feature.name),
      migrations: [...manifest.migrations, ...added.map((migration) => migration.id)],
      schemaHash: contentHash(owned),
    }),
  );
  return { writes, migrations: folders };
}

async function existingMigrations(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(dir, MIGRATIONS_DIR), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}
