// An existing jwt-allauth project, as `add` and `upgrade` find it: its manifest, the schema file
// the package owns (unchanged since the package wrote it, or we refuse), and the user's own
// schema files. Nothing is written here.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { contentHash, OWNED_SCHEMA_FILE } from "../schema/compose.js";
import { CliError } from "./errors.js";
import { MANIFEST_FILE, readManifest, type ProjectManifest } from "./manifest.js";

export const SCHEMA_DIR = "prisma/schema";

export interface SchemaFile {
  /** Relative to the project, e.g. prisma/schema/user.prisma. */
  path: string;
  content: string;
}

export interface Project {
  dir: string;
  manifest: ProjectManifest;
  ownedSchema: string;
  /** Every .prisma file of the schema folder but the package's. */
  userSchema: SchemaFile[];
}

export async function openProject(dir: string): Promise<Project> {
  const manifest = await readManifest(dir);
  if (!manifest) throw new CliError(`${dir} is not a jwt-allauth project (no ${MANIFEST_FILE}); run this in a folder made by jwt-allauth startproject`);
  const ownedSchema = await readFile(path.join(dir, OWNED_SCHEMA_FILE), "utf8").catch(() => undefined);
  if (ownedSchema === undefined) throw new CliError(`${OWNED_SCHEMA_FILE} is missing; restore it (git checkout ${OWNED_SCHEMA_FILE}) and run again`);
  if (contentHash(ownedSchema) !== manifest.schemaHash) {
    throw new CliError(
      `${OWNED_SCHEMA_FILE} was edited, and jwt-allauth rewrites that file: move your changes to a schema file of your own, restore it (git checkout ${OWNED_SCHEMA_FILE}) and run again`,
    );
  }
  const names = (await readdir(path.join(dir, SCHEMA_DIR))).filter((name) => name.endsWith(".prisma")).sort();
  const userSchema: SchemaFile[] = [];
  for (const name of names) {
    const file = `${SCHEMA_DIR}/${name}`;
    if (file !== OWNED_SCHEMA_FILE) userSchema.push({ path: file, content: await readFile(path.join(dir, file), "utf8") });
  }
  return { dir, manifest, ownedSchema, userSchema };
}
