import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ejs from "ejs";
import { describeProvider } from "../../src/cli/providers.js";
import { FEATURES } from "../../src/features/registry.js";
import { composeOwnedSchema, userFieldsOf } from "../../src/schema/compose.js";
import { coreSchema } from "../../src/schema/core.js";
import { readMigrations } from "../../src/schema/module.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

const TEMPLATE = path.join(ROOT, "templates/project");
export const GENERATED = path.join(ROOT, "test/.generated");
// `prisma generate` needs no schema engine; the stub keeps Prisma 7 from downloading one.
const NO_ENGINE = path.resolve(ROOT, "../shared/prisma-offline/lib/no-native-engine");

export async function renderTemplateFile(relativePath: string, context: Record<string, unknown>): Promise<string> {
  const source = await readFile(path.join(TEMPLATE, relativePath), "utf8");
  return ejs.render(source, context, { async: false });
}

/** The core and every feature: the test clients and databases have all their tables. */
export const ALL_MODULES = [coreSchema, ...FEATURES.map((feature) => feature.schema)];

/** Every shipped migration for a provider (the core's, then each feature's), as one script. */
export async function migrationSql(db: Provider): Promise<string> {
  const migrations = await Promise.all(ALL_MODULES.map((module) => readMigrations(module, db)));
  return migrations.flat().map((migration) => migration.sql).join("\n");
}

/** The schema folder a project with every feature gets: file name -> content. */
export async function schemaFiles(db: Provider): Promise<Record<string, string>> {
  const context = { db, provider: describeProvider(db), userFields: userFieldsOf(ALL_MODULES) };
  return {
    "schema.prisma": await renderTemplateFile("prisma/schema/schema.prisma.ejs", context),
    "user.prisma": await renderTemplateFile("prisma/schema/user.prisma.ejs", context),
    "jwt-allauth.prisma": await composeOwnedSchema(ALL_MODULES),
  };
}

export async function generateTestClients(): Promise<void> {
  await Promise.all(PROVIDERS.map(generateClient));
}

/**
 * Generates into a private folder and renames it into place, and skips the work when
 * the schema is unchanged, so two test runs at once never see a half-written client.
 */
async function generateClient(db: Provider): Promise<void> {
  const files = await schemaFiles(db);
  const schema = Object.entries(files).flat().join("\n");
  const prismaVersion = JSON.parse(await readFile(path.join(ROOT, "node_modules/prisma/package.json"), "utf8")).version;
  const fingerprint = createHash("sha256").update(`${prismaVersion}\n${schema}`).digest("hex");
  const dir = path.join(GENERATED, db);
  const current = await readFile(path.join(dir, "fingerprint"), "utf8").catch(() => "");
  if (current === fingerprint) return;

  const staging = path.join(GENERATED, `.${db}-${randomBytes(4).toString("hex")}`);
  await mkdir(path.join(staging, "prisma/schema"), { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(staging, "prisma/schema", name), content);
  await writeFile(path.join(staging, "package.json"), JSON.stringify({ name: `test-client-${db}`, type: "module" }));
  await symlink(path.join(ROOT, "node_modules"), path.join(staging, "node_modules"));
  await promisify(execFile)(path.join(ROOT, "node_modules/.bin/prisma"), ["generate", "--schema", "prisma/schema"], {
    cwd: staging,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? NO_ENGINE },
  });
  await writeFile(path.join(staging, "fingerprint"), fingerprint);
  const retired = `${dir}.old-${randomBytes(4).toString("hex")}`;
  await rename(dir, retired).catch(() => undefined);
  await rename(staging, dir);
  await rm(retired, { recursive: true, force: true });
}
