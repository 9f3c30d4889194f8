// prisma/schema/jwt-allauth.prisma, the one schema file the package owns: the core's models and
// those of every installed feature. Its hash goes into jwt-allauth.json, so `add` and `upgrade`
// notice a hand edit and refuse instead of overwriting it.
import { createHash } from "node:crypto";
import { readModels, type SchemaModule } from "./module.js";

export const OWNED_SCHEMA_FILE = "prisma/schema/jwt-allauth.prisma";
export const USER_SCHEMA_FILE = "prisma/schema/user.prisma";
export const MIGRATIONS_DIR = "prisma/migrations";

export async function composeOwnedSchema(modules: readonly SchemaModule[]): Promise<string> {
  const header = [
    "// Written by jwt-allauth: the models of jwt-allauth and its features",
    `// (${modules.map((module) => module.id).join(", ")}). \`jwt-allauth add\` and \`jwt-allauth upgrade\``,
    "// rewrite this file: keep your own models and fields in files of your own (see schema.prisma).",
  ].join("\n");
  const parts = await Promise.all(modules.map(readModels));
  return `${header}\n\n${parts.map((part) => part.trim()).join("\n\n")}\n`;
}

/** The User relation fields every module needs, in module order. */
export function userFieldsOf(modules: readonly SchemaModule[]): string[] {
  return modules.flatMap((module) => module.userFields);
}

export function contentHash(content: string): string {
  return createHash("sha256").update(content).digest("hex");
}
