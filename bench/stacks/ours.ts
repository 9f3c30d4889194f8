// The generated project as users run it: scaffolded by the packed package's CLI, built, migrated
// with the real Prisma migrate, seeded through its own Prisma client, started with `npm start`.
// Rate limits off (every benchmark user shares 127.0.0.1) and log level warn.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { PACKAGE_ROOT } from "../../src/cli/utils/package-root.js";
import { INSTALL_TIMEOUT_MS, NO_ENGINE, PRISMA_OFFLINE, runCli, type PackedPackage } from "../../test/e2e/support/project.js";
import type { Provider } from "../../test/support/prisma-clients.js";
import type { BenchDatabases } from "../support/databases.js";
import { startServer } from "../support/servers.js";
import { ACCESS_LIFETIME, PASSWORD, USERS } from "../fixtures.js";
import { tokenPair, type Stack } from "./stack.js";

export interface OursOptions {
  /** Start `node <nodeArgs> dist/server.js` directly (e.g. --cpu-prof) instead of `npm start`. */
  nodeArgs?: string[];
  /** Stack name, also the SQLite file's: two variants can run side by side. */
  name?: string;
}

export function oursStack(packed: PackedPackage, databases: BenchDatabases, { nodeArgs, name = "ours" }: OursOptions = {}): Stack {
  return {
    name,
    async start(provider) {
      const project = await scaffold(packed, provider);
      const database = await databases.create(provider, name, path.join(project, `${name}.db`));
      const databaseUrl = provider === "sqlite" ? `file:${database.location}` : database.location;
      const env = { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, DATABASE_URL: databaseUrl };
      await execa(PRISMA_OFFLINE, ["migrate", "deploy"], { cwd: project, env, timeout: INSTALL_TIMEOUT_MS });
      await execa("node", ["--input-type=module", "-e", SEED], { cwd: project, env: { ...env, BENCH_USERS: String(USERS), BENCH_PASSWORD: PASSWORD } });
      return startServer({
        name: "ours",
        ...(nodeArgs ? { command: process.execPath, args: [...nodeArgs, "dist/server.js"] } : { command: "npm", args: ["start"] }),
        cwd: project,
        readyPath: "/ready",
        env: {
          ...env,
          NODE_ENV: "production",
          EMAIL_HOST: "127.0.0.1", // production requires SMTP; nothing is mailed in the benchmark
          LOG_LEVEL: "warn",
          RATE_LIMIT: "false",
          JWT_ACCESS_TOKEN_LIFETIME: ACCESS_LIFETIME,
        },
      });
    },
    login: {
      path: "/jwt-allauth/login/",
      body: ({ email, password }) => JSON.stringify({ email, password }),
      read: tokenPair,
    },
    refresh: {
      path: "/jwt-allauth/refresh/",
      body: ({ refresh }) => JSON.stringify({ refresh }),
      read: tokenPair,
    },
  };
}

/**
 * Scaffolded once per template version and provider, then kept in the temp folder: installing a
 * project compiles better-sqlite3 (minutes). A kept project gets this run's tarball installed.
 */
async function scaffold(packed: PackedPackage, provider: Provider): Promise<string> {
  const project = path.join(os.tmpdir(), "jwt-allauth-bench-projects", `${await templateVersion()}-${provider}`);
  if (existsSync(path.join(project, "node_modules/.bin/prisma"))) {
    await execa("npm", ["install", "--no-save", "--no-audit", "--no-fund", packed.tarball], { cwd: project, timeout: INSTALL_TIMEOUT_MS });
  } else {
    const name = `bench-${provider}`;
    const result = await runCli(packed, ["startproject", name, "--db", provider, "--no-git"], {
      env: { JWT_ALLAUTH_DEPENDENCY_SPEC: `file:${packed.tarball}` },
      timeout: INSTALL_TIMEOUT_MS,
    });
    if (result.exitCode !== 0) throw new Error(`startproject failed:\n${String(result.stdout)}\n${String(result.stderr)}`);
    await rm(project, { recursive: true, force: true });
    await mkdir(path.dirname(project), { recursive: true });
    await rename(path.join(packed.work, name), project);
  }
  await execa("npm", ["run", "build"], { cwd: project });
  return project;
}

/** The project template and the pinned versions it renders: a change to either scaffolds anew. */
async function templateVersion(): Promise<string> {
  const digest = createHash("sha256");
  const files = (await readdir(path.join(PACKAGE_ROOT, "templates/project"), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  for (const file of files.map((entry) => path.join(entry.parentPath, entry.name)).sort()) digest.update(file).update(await readFile(file));
  digest.update(await readFile(path.join(PACKAGE_ROOT, "src/cli/dependency-versions.ts")));
  return digest.digest("hex").slice(0, 12);
}

// Run in the project: its own compiled db.ts and Prisma client, one argon2id hash (Argon2id = 2,
// OWASP parameters as the runtime) for every user, emails as fixtures.ts benchEmail().
const SEED = `
import { hash } from "@node-rs/argon2";
import { connectDatabase } from "./dist/db.js";
const prisma = await connectDatabase(process.env.DATABASE_URL);
const passwordHash = await hash(process.env.BENCH_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
const emails = Array.from({ length: Number(process.env.BENCH_USERS) }, (_, i) => \`bench\${i}@example.com\`);
await prisma.user.createMany({ data: emails.map((email) => ({ email, passwordHash })) });
await prisma.$disconnect();
`;
