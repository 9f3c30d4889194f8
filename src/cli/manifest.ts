// jwt-allauth.json, at the project root: what the package wrote into the project's schema, so
// `add` and `upgrade` know what is there and notice a hand edit of the file they own. It also
// marks the folder as a jwt-allauth project.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Provider } from "./options.js";

export const MANIFEST_FILE = "jwt-allauth.json";

export interface ProjectManifest {
  /** The jwt-allauth version that last wrote the schema. */
  version: string;
  provider: Provider;
  /** Installed features, in the order they were added. */
  features: string[];
  /** The package migrations in prisma/migrations, as `<module>/<name>` (see src/schema/module.ts). */
  migrations: string[];
  /** SHA-256 of prisma/schema/jwt-allauth.prisma as last written. */
  schemaHash: string;
}

const NOTE = "Written by jwt-allauth (startproject, add, upgrade) to know what it installed. Do not edit; commit it.";

export function serializeManifest(manifest: ProjectManifest): string {
  return `${JSON.stringify({ $comment: NOTE, ...manifest }, null, 2)}\n`;
}

/** The project's manifest, or undefined when the folder is not a jwt-allauth project. */
export async function readManifest(projectDir: string): Promise<ProjectManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(projectDir, MANIFEST_FILE), "utf8");
  } catch {
    return undefined;
  }
  const { $comment: _note, ...manifest } = JSON.parse(text) as ProjectManifest & { $comment?: string };
  return manifest;
}
