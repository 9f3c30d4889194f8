import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
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

/**
 * Generates into a private folder and renames it into place, and skips the work when
 * the schema is unchanged, so two test runs at once never see a half-written client.
 */
async function generateClient(db: Provider): Promise<void> {
  const schema = await renderTemplateFile("prisma/schema.prisma.ejs", { db });
  const prismaVersion = JSON.parse(await readFile(path.join(ROOT, "node_modules/prisma/package.json"), "utf8")).version;
  const fingerprint = createHash("sha256").update(`${prismaVersion}\n${schema}`).digest("hex");
  const dir = path.join(GENERATED, db);
  const current = await readFile(path.join(dir, "fingerprint"), "utf8").catch(() => "");
  if (current === fingerprint) return;

  const staging = path.join(GENERATED, `.${db}-${randomBytes(4).toString("hex")}`);
  await mkdir(path.join(staging, "prisma"), { recursive: true });
  await writeFile(path.join(staging, "prisma/schema.prisma"), schema);
  await writeFile(path.join(staging, "package.json"), JSON.stringify({ name: `test-client-${db}`, type: "module" }));
  await symlink(path.join(ROOT, "node_modules"), path.join(staging, "node_modules"));
  await promisify(execFile)(path.join(ROOT, "node_modules/.bin/prisma"), ["generate", "--schema", "prisma/schema.prisma"], {
    cwd: staging,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? NO_ENGINE },
  });
  await writeFile(path.join(staging, "fingerprint"), fingerprint);
  const retired = `${dir}.old-${randomBytes(4).toString("hex")}`;
  await rename(dir, retired).catch(() => undefined);
  await rename(staging, dir);
  await rm(retired, { recursive: true, force: true });
}
