// `jwt-allauth add` and `jwt-allauth upgrade` on rendered projects (not installed: the real
// Prisma CLI runs with this repository's node_modules linked in), the user's own schema changes
// kept, and every refusal leaving every file as it was.
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addFeature } from "../../src/cli/add.js";
import { CliError } from "../../src/cli/errors.js";
import { upgradeProject } from "../../src/cli/upgrade.js";
import { PACKAGE_ROOT } from "../../src/cli/utils/package-root.js";
import { contentHash } from "../../src/schema/compose.js";
import { NO_ENGINE, PRISMA_OFFLINE } from "../e2e/support/project.js";
import { scaffoldProject, temporaryDirectory } from "./support.js";

const LATER = new Date("2026-12-24T18:30:00Z");
let workspace: string;
let project: string;
beforeEach(async () => {
  workspace = await temporaryDirectory();
  project = path.join(workspace, "shop");
  vi.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(workspace, { recursive: true, force: true });
});

const read = (file: string) => readFile(path.join(project, file), "utf8");
const manifest = async () => JSON.parse(await read("jwt-allauth.json"));

/** Every file of the project with its content, to show a refusal changed nothing. */
async function snapshot(dir = project, prefix = ""): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.name === "node_modules") continue;
    if (entry.isDirectory()) Object.assign(files, await snapshot(dir, relative));
    else files[relative] = await readFile(path.join(dir, relative), "utf8");
  }
  return files;
}

/** The real Prisma CLI in the project (offline build), on this repository's node_modules. */
async function prisma(args: string[]) {
  await symlink(path.join(PACKAGE_ROOT, "node_modules"), path.join(project, "node_modules")).catch(() => undefined);
  return execa(PRISMA_OFFLINE, args, { cwd: project, reject: false, env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, DATABASE_URL: "file:./dev.db" } });
}
const diffArgs = ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema"];

/** What a user does to their part of the schema: a model of their own, and fields on User. */
async function changeUserSchema(): Promise<void> {
  const user = await read("prisma/schema/user.prisma");
  await writeFile(
    path.join(project, "prisma/schema/user.prisma"),
    user.replace("  updatedAt     DateTime @updatedAt\n", '  updatedAt     DateTime @updatedAt\n  nickname      String   @default("")\n  notes         Note[]\n'),
  );
  await writeFile(
    path.join(project, "prisma/schema/notes.prisma"),
    "model Note {\n  id     String @id @default(uuid())\n  userId String\n  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)\n  text   String\n}\n",
  );
}

describe("jwt-allauth add", () => {
  it("adds a feature to a project whose schema the user changed, and the migrations match the schema", { timeout: 120_000 }, async () => {
    await scaffoldProject(project);
    await changeUserSchema();
    // The user migrates their change as `prisma migrate dev` would.
    const own = await prisma([...diffArgs, "--script"]);
    expect(own.exitCode, own.stderr).toBe(0);
    await mkdir(path.join(project, "prisma/migrations/20261210000000_notes"));
    await writeFile(path.join(project, "prisma/migrations/20261210000000_notes/migration.sql"), own.stdout);
    const userSchema = await read("prisma/schema/user.prisma");
    const env = (await read(".env")).replace("TRUST_PROXY=false", "TRUST_PROXY=true");
    await writeFile(path.join(project, ".env"), env);

    await addFeature(project, "rate-limit-store", LATER);

    expect(await read("prisma/schema/jwt-allauth.prisma")).toContain("model RateLimitCounter {");
    expect(await read("prisma/migrations/20261224183000_rate_limit_store/migration.sql")).toContain('CREATE TABLE "RateLimitCounter"');
    // The user's files: untouched (this feature needs no field on User).
    expect(await read("prisma/schema/user.prisma")).toBe(userSchema);
    expect(await read("prisma/schema/notes.prisma")).toContain("model Note {");
    // Settings appended; the user's values kept.
    const newEnv = await read(".env");
    expect(newEnv).toMatch(/^JWT_ALLAUTH_FEATURES=rate-limit-store$/m);
    expect(newEnv).toMatch(/^RATE_LIMIT=true$/m);
    expect(newEnv).toContain("TRUST_PROXY=true");
    expect(newEnv).toContain(env.match(/^JWT_PRIVATE_KEY=.*$/m)![0]);
    expect(await read(".env.example")).toMatch(/^JWT_ALLAUTH_FEATURES=rate-limit-store$/m);
    expect(await manifest()).toMatchObject({
      features: ["rate-limit-store"],
      migrations: ["core/20261129000000_init", "rate-limit-store/20261201000000_rate_limit_store"],
      schemaHash: contentHash(await read("prisma/schema/jwt-allauth.prisma")),
    });

    const diff = await prisma([...diffArgs, "--exit-code"]);
    expect(diff.exitCode, `${diff.stdout}\n${diff.stderr}`).toBe(0);
  });

  it("adds mfa: its relation fields on User, a fresh MFA_ENCRYPTION_KEY in .env and none in .env.example, migrations matching the schema", { timeout: 120_000 }, async () => {
    await scaffoldProject(project);
    await addFeature(project, "mfa", LATER);
    expect(await read("prisma/schema/user.prisma")).toMatch(/mfaAuthenticator MfaAuthenticator\?/);
    const key = (await read(".env")).match(/^MFA_ENCRYPTION_KEY=(.*)$/m)?.[1];
    expect(Buffer.from(key!, "base64url")).toHaveLength(32);
    expect(await read(".env.example")).toMatch(/^MFA_ENCRYPTION_KEY=$/m);
    expect(await read(".env")).toMatch(/^MFA_MODE=optional$/m);
    const other = path.join(workspace, "other");
    await scaffoldProject(other, { features: ["mfa"] });
    const otherKey = (await readFile(path.join(other, ".env"), "utf8")).match(/^MFA_ENCRYPTION_KEY=(.*)$/m)?.[1];
    expect(Buffer.from(otherKey!, "base64url")).toHaveLength(32);
    expect(otherKey).not.toBe(key);
    expect(await readFile(path.join(other, ".env.example"), "utf8")).toMatch(/^MFA_ENCRYPTION_KEY=$/m);
    const diff = await prisma([...diffArgs, "--exit-code"]);
    expect(diff.exitCode, `${diff.stdout}\n${diff.stderr}`).toBe(0);
  });

  it("keeps a value the user already set for a feature's variable", async () => {
    await scaffoldProject(project);
    await writeFile(path.join(project, ".env"), `${await read(".env")}RATE_LIMIT=false\n`);
    await addFeature(project, "rate-limit-store", LATER);
    const env = await read(".env");
    expect(env).toMatch(/^RATE_LIMIT=false$/m);
    expect(env).not.toMatch(/^RATE_LIMIT=true$/m);
  });

  it("refuses a folder that is not a jwt-allauth project, writing nothing", async () => {
    await mkdir(project);
    await writeFile(path.join(project, "package.json"), "{}");
    const error = await addFeature(project, "rate-limit-store", LATER).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(`${project} is not a jwt-allauth project (no jwt-allauth.json); run this in a folder made by jwt-allauth startproject`);
    expect(await readdir(project)).toEqual(["package.json"]);
  });

  it("refuses an unknown feature and a feature already there, changing nothing", async () => {
    await scaffoldProject(project, { features: ["rate-limit-store"] });
    const before = await snapshot();
    await expect(addFeature(project, "mfa-typo", LATER)).rejects.toThrow('unknown feature "mfa-typo" (available: rate-limit-store, mfa)');
    await expect(addFeature(project, "rate-limit-store", LATER)).rejects.toThrow("rate-limit-store is already in this project");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses when the package's schema file was edited, changing nothing", async () => {
    await scaffoldProject(project);
    await writeFile(path.join(project, "prisma/schema/jwt-allauth.prisma"), `${await read("prisma/schema/jwt-allauth.prisma")}\nmodel Mine {\n  id Int @id\n}\n`);
    const before = await snapshot();
    await expect(addFeature(project, "rate-limit-store", LATER)).rejects.toThrow(
      "prisma/schema/jwt-allauth.prisma was edited, and jwt-allauth rewrites that file: move your changes to a schema file of your own",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("refuses when the user has a model of the feature's name, changing nothing", async () => {
    await scaffoldProject(project);
    await writeFile(path.join(project, "prisma/schema/limits.prisma"), "model RateLimitCounter {\n  id Int @id\n}\n");
    const before = await snapshot();
    await expect(addFeature(project, "rate-limit-store", LATER)).rejects.toThrow(
      "prisma/schema/limits.prisma already has a model RateLimitCounter, which jwt-allauth needs for itself: rename yours first",
    );
    expect(await snapshot()).toEqual(before);
  });
});

describe("jwt-allauth upgrade", () => {
  it("says a fresh project is up to date and writes nothing", async () => {
    await scaffoldProject(project, { features: ["rate-limit-store"] });
    const before = await snapshot();
    const log = vi.mocked(console.log);
    await upgradeProject(project, LATER);
    expect(log).toHaveBeenCalledWith("Already up to date with jwt-allauth 0.1.0.");
    expect(await snapshot()).toEqual(before);
  });

  it("writes the package migrations a project lacks, after the user's own, and they match the schema", { timeout: 120_000 }, async () => {
    // A project from a version whose rate-limit-store had no table yet: its manifest and the
    // package's schema file list the core only.
    await scaffoldProject(project, { features: ["rate-limit-store"] });
    await rm(path.join(project, "prisma/migrations/20261201000000_rate_limit_store"), { recursive: true });
    const owned = (await read("prisma/schema/jwt-allauth.prisma")).replace(/\/\/\/ Rate-limit counters[\s\S]*$/, "");
    await writeFile(path.join(project, "prisma/schema/jwt-allauth.prisma"), owned);
    const old = await manifest();
    await writeFile(
      path.join(project, "jwt-allauth.json"),
      JSON.stringify({ ...old, version: "0.0.9", migrations: ["core/20261129000000_init"], schemaHash: contentHash(owned) }),
    );
    await changeUserSchema();
    const own = await prisma([...diffArgs, "--script"]);
    expect(own.exitCode, own.stderr).toBe(0);
    await mkdir(path.join(project, "prisma/migrations/20261230000000_notes"));
    await writeFile(path.join(project, "prisma/migrations/20261230000000_notes/migration.sql"), own.stdout);

    await upgradeProject(project, LATER);

    // After the user's newest migration, though the clock says earlier: Prisma applies by name.
    expect(await read("prisma/migrations/20261230000001_rate_limit_store/migration.sql")).toContain('CREATE TABLE "RateLimitCounter"');
    expect(await read("prisma/schema/jwt-allauth.prisma")).toContain("model RateLimitCounter {");
    expect(await manifest()).toMatchObject({ version: "0.1.0", migrations: ["core/20261129000000_init", "rate-limit-store/20261201000000_rate_limit_store"] });
    const diff = await prisma([...diffArgs, "--exit-code"]);
    expect(diff.exitCode, `${diff.stdout}\n${diff.stderr}`).toBe(0);
  });
});

describe("the next steps of add", () => {
  it("use the project's package manager, from its lock file", async () => {
    await scaffoldProject(project);
    await writeFile(path.join(project, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
    await addFeature(project, "rate-limit-store", LATER);
    const printed = vi.mocked(console.log).mock.calls.flat().join("\n");
    expect(printed).toContain("pnpm exec prisma migrate dev");
    expect(printed).toContain("pnpm run db:deploy");
  });
});

describe("jwt-allauth upgrade of a 0.1.0 project (one prisma/schema.prisma, no jwt-allauth.json)", () => {
  /** The project as jwt-allauth 0.1.0 wrote it: the same models, in one file. */
  async function makeLegacy(): Promise<void> {
    await scaffoldProject(project);
    const user = /model User \{[\s\S]*?\n\}/.exec(await read("prisma/schema/user.prisma"))![0];
    const core = await readFile(path.join(PACKAGE_ROOT, "src/schema/schema.prisma"), "utf8");
    const legacy = [
      "// The data model of jwt-allauth.",
      "",
      'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}',
      "",
      'datasource db {\n  provider = "sqlite"\n}',
      "",
      user,
      "",
      core,
    ].join("\n");
    await rm(path.join(project, "prisma/schema"), { recursive: true });
    await rm(path.join(project, "jwt-allauth.json"));
    await writeFile(path.join(project, "prisma/schema.prisma"), legacy);
    const config = await read("prisma.config.ts");
    await writeFile(path.join(project, "prisma.config.ts"), config.replace('"prisma/schema"', '"prisma/schema.prisma"'));
  }

  it("moves it to the folder layout, keeping the user's models, and the migrations still match", { timeout: 120_000 }, async () => {
    await makeLegacy();
    await upgradeProject(project, LATER);
    expect(await readdir(path.join(project, "prisma"))).toEqual(["migrations", "schema"]);
    const mine = await read("prisma/schema/schema.prisma");
    expect(mine).toContain("model User {");
    expect(mine).toContain('output   = "../../src/generated/prisma"');
    expect(mine).not.toContain("model Session {");
    expect(await read("prisma/schema/jwt-allauth.prisma")).toContain("model Session {");
    expect(await read("prisma.config.ts")).toContain('schema: "prisma/schema",');
    expect(await manifest()).toMatchObject({ provider: "sqlite", features: [], migrations: ["core/20261129000000_init"] });
    const diff = await prisma([...diffArgs, "--exit-code"]);
    expect(diff.exitCode, `${diff.stdout}\n${diff.stderr}`).toBe(0);
    // From there on it is a project like any other.
    await addFeature(project, "rate-limit-store", LATER);
    expect(await read("prisma/schema/jwt-allauth.prisma")).toContain("model RateLimitCounter {");
  });

  it("refuses, changing nothing, when a package model was changed by hand", async () => {
    await makeLegacy();
    const legacy = await read("prisma/schema.prisma");
    await writeFile(path.join(project, "prisma/schema.prisma"), legacy.replace("  jti           String\n", "  jti           String\n  note          String?\n"));
    const before = await snapshot();
    await expect(upgradeProject(project, LATER)).rejects.toThrow(
      "cannot move this jwt-allauth 0.1.0 project to the prisma/schema/ layout: its model Session is not as jwt-allauth 0.1.0 wrote it",
    );
    expect(await snapshot()).toEqual(before);
  });
});
