import { execFile } from "node:child_process";
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ejs from "ejs";

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

/** The shipped initial migration for a provider, as the CLI renders it. */
export async function migrationSql(db: Provider): Promise<string> {
  return renderTemplateFile("prisma/migrations/20261129000000_init/migration.sql.ejs", { db });
}

export async function generateTestClients(): Promise<void> {
  await Promise.all(PROVIDERS.map(generateClient));
}

async function generateClient(db: Provider): Promise<void> {
  const dir = path.join(GENERATED, db);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, "prisma"), { recursive: true });
  await writeFile(path.join(dir, "prisma/schema.prisma"), await renderTemplateFile("prisma/schema.prisma.ejs", { db }));
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: `test-client-${db}`, type: "module" }));
  await symlink(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  await promisify(execFile)(path.join(ROOT, "node_modules/.bin/prisma"), ["generate", "--schema", "prisma/schema.prisma"], {
    cwd: dir,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? NO_ENGINE },
  });
}
