// The package-owned part of a project's database: the core and each feature bring Prisma models
// (written to prisma/schema/jwt-allauth.prisma), the relation fields those need on the user's
// User model, and migrations, one SQL file per provider. The CLI composes them; nothing here
// touches the user's own files.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Provider } from "../cli/options.js";

export interface SchemaModule {
  /** "core", or the feature's name. */
  id: string;
  /** Folder holding `schema.prisma` and `migrations/<provider>/<timestamp>_<name>.sql`. */
  dir: string;
  /** Prisma model names the module owns: checked against the user's models before `add`. */
  models: readonly string[];
  /** Lines for the User model (`sessions Session[]`): the contact points with the user's schema. */
  userFields: readonly string[];
}

export interface PackageMigration {
  /** `<module>/<file name without .sql>`, as the project's jwt-allauth.json records it. */
  id: string;
  /** `<timestamp>_<name>`: the folder name when written at startproject. */
  name: string;
  sql: string;
}

export async function readModels(module: SchemaModule): Promise<string> {
  return readFile(path.join(module.dir, "schema.prisma"), "utf8");
}

/** The module's migrations for one provider, oldest first. */
export async function readMigrations(module: SchemaModule, provider: Provider): Promise<PackageMigration[]> {
  const dir = path.join(module.dir, "migrations", provider);
  const files = (await readdir(dir).catch(() => [])).filter((file) => file.endsWith(".sql")).sort();
  return Promise.all(
    files.map(async (file) => {
      const name = file.slice(0, -".sql".length);
      return { id: `${module.id}/${name}`, name, sql: await readFile(path.join(dir, file), "utf8") };
    }),
  );
}
