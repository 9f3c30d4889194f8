// Feature modules end to end, as a user lives them, on one database: a project scaffolded without
// features and installed from the packed package refuses to start on its unmigrated database; the
// user changes their part of the schema and migrates it with `prisma migrate dev`; `jwt-allauth
// add rate-limit-store` writes the feature (the server refuses to start until its migration is
// applied); `prisma migrate deploy` and `migrate diff --exit-code` agree; two server instances then
// share one rate limit through the database, and /ready reports a table dropped under it. A second
// project is scaffolded with every feature at once and served the same way.
import { randomBytes } from "node:crypto";
import { readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURE_NAMES } from "../../../src/features/registry.js";
import { RATE_LIMITS } from "../../../src/runtime/routes/rate-limits.js";
import { PG_ADMIN_URL, withAdmin } from "../../support/databases.js";
import type { Provider } from "../../support/prisma-clients.js";
import { freePort, INSTALL_TIMEOUT_MS, NO_ENGINE, packAndInstallCli, PRISMA_OFFLINE, runCli, waitForServer, type PackedPackage } from "./project.js";

const DIFF = ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema", "--exit-code"];

export function describeFeatureStory(provider: Provider): void {
  describe(`feature modules on ${provider}, from the packed package`, () => {
    let packed: PackedPackage;
    const created: string[] = [];
    /** A fresh database URL: a new PostgreSQL database (dropped at the end) or a SQLite file. */
    const newDatabase = async (name: string) => {
      if (provider === "sqlite") return `file:./${name}.db`;
      const database = `jwt_allauth_feat_${randomBytes(5).toString("hex")}`;
      await withAdmin((client) => client.query(`CREATE DATABASE ${database}`));
      created.push(database);
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${database}`;
      return url.toString();
    };
    const inProject = (dir: string, databaseUrl: string) => (file: string, args: string[], extra: Record<string, string> = {}) =>
      execa(file, args, { cwd: dir, env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, DATABASE_URL: databaseUrl, ...extra }, timeout: INSTALL_TIMEOUT_MS, reject: false });
    const scaffold = async (name: string, extra: string[]) => {
      const result = await runCli(packed, ["startproject", name, "--db", provider, "--no-install", "--no-git", ...extra], {
        env: { JWT_ALLAUTH_DEPENDENCY_SPEC: `file:${packed.tarball}` },
      });
      if (result.exitCode !== 0) throw new Error(`startproject failed:\n${String(result.stderr)}`);
      return path.join(packed.work, name);
    };

    beforeAll(async () => {
      packed = await packAndInstallCli(`jwt-allauth-e2e-features-${provider}-`);
    }, INSTALL_TIMEOUT_MS);
    afterAll(async () => {
      for (const database of created) await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
      if (packed) await rm(packed.work, { recursive: true, force: true });
    });

    let plain: string;
    let plainUrl: string;

    it("refuses to start on a database that was never migrated, in one line naming the command", { timeout: INSTALL_TIMEOUT_MS }, async () => {
      plain = await scaffold("plain", []);
      plainUrl = await newDatabase("plain");
      const run = inProject(plain, plainUrl);
      expect((await run("npm", ["install", "--no-audit", "--no-fund"])).exitCode).toBe(0);
      expect((await run("npx", ["prisma", "generate"])).exitCode).toBe(0);
      expect((await run("npm", ["run", "build"])).exitCode).toBe(0);
      const start = await run("node", ["dist/server.js"], { PORT: String(await freePort()) });
      expect(start.exitCode).toBe(1);
      expect(start.stderr.trim()).toMatch(/^The database schema is not migrated \(table \S*User\S* of jwt-allauth is missing\); apply the migrations: prisma migrate deploy/);
      expect(start.stderr.trim().split("\n")).toHaveLength(1);
    });

    it("adds a feature to a project whose schema the user changed; its migration applies after theirs and matches the schema", { timeout: INSTALL_TIMEOUT_MS }, async () => {
      const run = inProject(plain, plainUrl);
      // The user's own change: a model of theirs and fields on User, migrated as Prisma says.
      const userFile = path.join(plain, "prisma/schema/user.prisma");
      const user = await readFile(userFile, "utf8");
      await writeFile(userFile, user.replace("  updatedAt     DateTime @updatedAt\n", '  updatedAt     DateTime @updatedAt\n  nickname      String   @default("")\n  notes         Note[]\n'));
      await writeFile(
        path.join(plain, "prisma/schema/notes.prisma"),
        "model Note {\n  id     String @id @default(uuid())\n  userId String\n  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)\n  text   String\n}\n",
      );
      const own = await run(PRISMA_OFFLINE, ["migrate", "dev", "--name", "notes"]);
      expect(own.exitCode, own.stderr).toBe(0);

      const add = await execa(packed.bin, ["add", "rate-limit-store"], { cwd: plain, reject: false });
      expect(add.exitCode, add.stderr).toBe(0);
      expect(add.stdout).toContain("npx prisma migrate dev");
      expect(await readFile(path.join(plain, ".env"), "utf8")).toMatch(/^JWT_ALLAUTH_FEATURES=rate-limit-store$/m);
      const again = await execa(packed.bin, ["add", "rate-limit-store"], { cwd: plain, reject: false });
      expect(again.exitCode).toBe(1);
      expect(again.stderr.trim()).toBe("error: rate-limit-store is already in this project (see jwt-allauth.json); nothing to do");

      // Enabled in .env but not migrated yet: the server says which table and which command.
      expect((await run("npx", ["prisma", "generate"])).exitCode).toBe(0);
      expect((await run("npm", ["run", "build"])).exitCode).toBe(0);
      const early = await run("node", ["dist/server.js"], { PORT: String(await freePort()) });
      expect(early.exitCode).toBe(1);
      expect(early.stderr.trim()).toMatch(/^The database schema is not migrated \(table \S*RateLimitCounter\S* of the rate-limit-store feature is missing\)/);

      const deploy = await run(PRISMA_OFFLINE, ["migrate", "deploy"]);
      expect(deploy.exitCode, deploy.stderr).toBe(0);
      expect(deploy.stdout + deploy.stderr).toMatch(/_rate_limit_store/);
      const diff = await run(PRISMA_OFFLINE, DIFF);
      expect(diff.exitCode, `${diff.stdout}\n${diff.stderr}`).toBe(0);
      expect((await run("npm", ["run", "typecheck"])).exitCode).toBe(0);
    });

    it("shares one rate limit between two instances through the database, and /ready sees a table go missing", { timeout: 3 * 60_000 }, async () => {
      const [first, second] = [await serve(plain, plainUrl), await serve(plain, plainUrl)];
      try {
        const email = `ada-${randomBytes(3).toString("hex")}@example.com`;
        const { max } = RATE_LIMITS.loginAccount;
        for (let i = 0; i < max; i++) expect(await wrongLogin(i % 2 ? second.base : first.base, email)).toBe(401);
        expect(await wrongLogin(second.base, email)).toBe(429);
        expect((await fetch(`${first.base}/ready`)).status).toBe(200);

        await dropTable(provider, plainUrl, plain, "RateLimitCounter");
        const ready = await fetch(`${first.base}/ready`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toMatchObject({ code: "schema_not_migrated" });
      } finally {
        await Promise.all([first.stop(), second.stop()]);
      }
    });

    it("scaffolds, migrates and serves a project with every feature at once", { timeout: INSTALL_TIMEOUT_MS }, async () => {
      const full = await scaffold("full", ["--features", FEATURE_NAMES.join(",")]);
      const url = await newDatabase("full");
      const run = inProject(full, url);
      // Same dependencies as the first project: its installed node_modules serve this one too.
      await symlink(path.join(plain, "node_modules"), path.join(full, "node_modules"));
      expect((await run("npx", ["prisma", "generate"])).exitCode).toBe(0);
      expect((await run(PRISMA_OFFLINE, ["migrate", "deploy"])).exitCode).toBe(0);
      const diff = await run(PRISMA_OFFLINE, DIFF);
      expect(diff.exitCode, `${diff.stdout}\n${diff.stderr}`).toBe(0);
      expect((await run("npm", ["run", "build"])).exitCode).toBe(0);
      // The project's own tests, on databases with every feature's tables.
      const tests = await run("npm", ["test"], provider === "postgresql" ? { DATABASE_URL: PG_ADMIN_URL } : {});
      expect(tests.exitCode, tests.stdout).toBe(0);
      const email = `grace-${randomBytes(3).toString("hex")}@example.com`;
      const server = await serve(full, url);
      try {
        for (let i = 0; i < RATE_LIMITS.loginAccount.max; i++) expect(await wrongLogin(server.base, email)).toBe(401);
      } finally {
        await server.stop();
      }
      // A new process has an empty memory: the limit held because the count is in the database.
      const restarted = await serve(full, url);
      try {
        expect(await wrongLogin(restarted.base, email)).toBe(429);
      } finally {
        await restarted.stop();
      }
    });
  });
}

interface Served {
  base: string;
  stop(): Promise<void>;
}

/** `node dist/server.js` on a free port with the project's .env (features included), rate limits on. */
async function serve(dir: string, databaseUrl: string): Promise<Served> {
  const port = await freePort();
  const server: ResultPromise = execa("node", ["dist/server.js"], {
    cwd: dir,
    env: { DATABASE_URL: databaseUrl, PORT: String(port), RATE_LIMIT: "true", LOG_LEVEL: "warn" },
    reject: false,
    all: true,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForServer(`${base}/health`);
  return {
    base,
    async stop() {
      server.kill("SIGTERM");
      await server;
    },
  };
}

async function wrongLogin(base: string, email: string): Promise<number> {
  const response = await fetch(`${base}/jwt-allauth/login/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "not the password" }),
  });
  return response.status;
}

async function dropTable(provider: Provider, databaseUrl: string, dir: string, table: string): Promise<void> {
  if (provider === "postgresql") {
    const name = new URL(databaseUrl).pathname.slice(1);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`DROP TABLE "${table}"`);
    await client.end();
    return;
  }
  const { default: Database } = await import("better-sqlite3");
  const file = path.resolve(dir, databaseUrl.slice("file:".length));
  const raw = new Database(file);
  raw.exec(`DROP TABLE "${table}"`);
  raw.close();
}
