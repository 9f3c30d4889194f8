// End to end, as a user gets it: `npm pack` this package, install the tarball, and run its
// `jwt-allauth` bin as a child process with no terminal. Installed projects (each --db, migrated,
// tested, built, started and spoken to over HTTP) are in test/e2e/, which installs each once.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/cli/utils/package-root.js";
import { packAndInstallCli, runCli, type PackedPackage } from "../e2e/support/project.js";

const DEFAULT_TREE = [
  ".dockerignore",
  ".env",
  ".env.example",
  ".gitignore",
  "Dockerfile",
  "README.md",
  "compose.dev.yaml",
  "compose.yaml",
  "jwt-allauth.json",
  "package.json",
  "prisma.config.ts",
  "prisma/migrations/20261129000000_init/migration.sql",
  "prisma/migrations/migration_lock.toml",
  "prisma/schema/jwt-allauth.prisma",
  "prisma/schema/schema.prisma",
  "prisma/schema/user.prisma",
  "src/app.ts",
  "src/db.ts",
  "src/server.ts",
  "src/settings.ts",
  "src/startup-errors.ts",
  "test/auth.test.ts",
  "test/health.test.ts",
  "test/security-headers.test.ts",
  "test/startup-errors.test.ts",
  "test/support/app.ts",
  "test/support/database.ts",
  "test/tsconfig.json",
  "tsconfig.json",
];

let packed: PackedPackage;
let work: string;
let tarball: string;

function cli(args: string[], options: { env?: Record<string, string>; timeout?: number } = {}) {
  return runCli(packed, args, options);
}

async function listTree(root: string, relative = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
    const entryPath = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) files.push(...(await listTree(root, entryPath)));
    else files.push(entryPath);
  }
  return files.sort();
}

/** Every file's path and content hash: equal snapshots mean nothing changed. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const file of await listTree(root)) {
    result[file] = createHash("sha256").update(await readFile(path.join(root, file))).digest("hex");
  }
  return result;
}

const read = (...parts: string[]) => readFile(path.join(work, ...parts), "utf8");

beforeAll(async () => {
  packed = await packAndInstallCli("jwt-allauth-cli-e2e-");
  ({ work, tarball } = packed);
}, 5 * 60_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("ships the bin, the built CLI and runtime and the templates, and no sources or tests", async () => {
    const { stdout } = await execa("tar", ["-tzf", tarball]);
    const files = stdout.split("\n");
    for (const expected of [
      "package/bin/jwt-allauth.js",
      "package/dist/cli/index.js",
      "package/dist/runtime/index.js",
      "package/templates/project/_gitignore",
      "package/templates/project/package.json.ejs",
      "package/templates/email/password-reset.html.ejs",
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.filter((file) => /^package\/(src|test|\.ci)\//.test(file))).toEqual([]);
  });

  it("answers --version and --help", async () => {
    const version = await cli(["--version"]);
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(path.join(PACKAGE_ROOT, "package.json"), "utf8")).version);
    const help = await cli(["startproject", "--help"]);
    expect(help.exitCode).toBe(0);
    for (const option of ["--email", "--db", "--template", "--package-manager", "--no-install", "--no-git", "--yes"]) {
      expect(help.stdout).toContain(option);
    }
  });
});

describe("jwt-allauth startproject (no install)", () => {
  it("scaffolds the default sqlite project without a terminal and without waiting for input", async () => {
    const result = await cli(["startproject", "alpha", "--no-install", "--no-git"]);
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("cd alpha");
    expect(result.stdout).toContain("npx prisma migrate dev");
    expect(result.stdout).toContain("npm run dev");

    expect(await listTree(path.join(work, "alpha"))).toEqual(DEFAULT_TREE);
    expect(await read("alpha/prisma/schema/schema.prisma")).toContain('provider = "sqlite"');
    expect(await read("alpha/prisma/migrations/migration_lock.toml")).toContain('provider = "sqlite"');
    const env = await read("alpha/.env");
    expect(env).toContain('DATABASE_URL="file:./dev.db"');
    expect(env).toContain("EMAIL_VERIFICATION=false");
    expect(env).toMatch(/^JWT_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\n.+\\n-----END PRIVATE KEY-----\\n"$/m);
    expect(env).toMatch(/^JWT_KEY_ID=[A-Za-z0-9_-]{43}$/m);
    expect(env).not.toContain("EMAIL_HOST=");
    // SQLite: one container, the database file on a volume; no database service to compose.
    const dockerfile = await read("alpha/Dockerfile");
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain("npm ci");
    expect(dockerfile).toContain("VOLUME /data");
    expect(dockerfile).toContain("prisma migrate deploy");
    expect(await read("alpha/compose.yaml")).not.toContain("postgres");
    expect(await read("alpha/.dockerignore")).toMatch(/^\.env$/m);
    const example = await read("alpha/.env.example");
    expect(example).toMatch(/^JWT_PRIVATE_KEY=$/m);
    expect(example).not.toContain("BEGIN PRIVATE KEY");
    const pkg = JSON.parse(await read("alpha/package.json"));
    expect(pkg).toMatchObject({
      name: "alpha",
      type: "module",
      scripts: { dev: "tsx watch src/server.ts", build: "tsc", start: "node --liftoff-only dist/server.js", test: "vitest run" },
      dependencies: { "jwt-allauth": "^0.1.0", "better-sqlite3": "12.11.1", "@prisma/adapter-better-sqlite3": "7.10.0" },
    });
  });

  it("scaffolds a postgresql project with email (the seed's --email=True)", async () => {
    const result = await cli(["startproject", "beta-api", "--db", "postgresql", "--email=True", "--no-install", "--no-git"]);
    expect(result.exitCode).toBe(0);
    const emails = (await readdir(path.join(PACKAGE_ROOT, "templates/email"))).sort();
    expect(await listTree(path.join(work, "beta-api"))).toEqual(
      [...DEFAULT_TREE, ...emails.map((file) => `templates/email/${file}`)].sort(),
    );
    expect(await read("beta-api/prisma/schema/schema.prisma")).toContain('provider = "postgresql"');
    expect(await read("beta-api/prisma/migrations/20261129000000_init/migration.sql")).toContain("TIMESTAMP(3)");
    const compose = await read("beta-api/compose.yaml");
    expect(compose).toContain("image: postgres:17");
    expect(compose).toContain("pg_isready");
    expect(compose).toContain("condition: service_healthy");
    expect(await read("beta-api/Dockerfile")).not.toContain("VOLUME");
    const env = await read("beta-api/.env");
    expect(env).toContain('DATABASE_URL="postgresql://postgres@localhost:5432/beta_api"');
    expect(env).toContain("EMAIL_VERIFICATION=true");
    // No SMTP until the user sets one: emails are printed in the terminal, the Mailpit lines wait commented out.
    expect(env).toMatch(/^# EMAIL_HOST=localhost\n# EMAIL_PORT=1025$/m);
    expect(env).not.toMatch(/^EMAIL_HOST=/m);
    const devServices = await read("beta-api/compose.dev.yaml");
    expect(devServices).toContain("image: axllent/mailpit:");
    expect(devServices).toContain('"127.0.0.1:1025:1025"');
    expect(devServices).toContain('"127.0.0.1:8025:8025"');
    expect(devServices).toContain("POSTGRES_DB: beta_api");
    expect(devServices).not.toMatch(/\$\{/); // no variable Compose could refuse to start without
    const templates = JSON.parse(/^JWT_ALLAUTH_TEMPLATES='(.*)'$/m.exec(env)![1]!) as Record<string, string>;
    expect(Object.keys(templates).sort()).toEqual([
      "ACCOUNT_EXISTS_EMAIL", "ACCOUNT_EXISTS_SUBJECT", "EMAIL_VERIFICATION", "EMAIL_VERIFICATION_SUBJECT", "PASS_RESET_EMAIL", "PASS_RESET_SUBJECT",
    ]);
    for (const file of Object.values(templates)) await stat(path.join(work, "beta-api", file));
    const pkg = JSON.parse(await read("beta-api/package.json"));
    expect(pkg.dependencies).toMatchObject({ pg: "8.23.1", "@prisma/adapter-pg": "7.10.0" });
    expect(pkg.dependencies["better-sqlite3"]).toBeUndefined();
    // A teammate's clone gets the Prisma client from the install alone.
    expect(pkg.scripts.postinstall).toBe("prisma generate");
    expect(pkg.engines).toEqual({ node: ">=22" });
  });

  it("scaffolds the chosen --features: their models, migration and settings", async () => {
    const result = await cli(["startproject", "featured", "--features", "rate-limit-store", "--no-install", "--no-git"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await listTree(path.join(work, "featured"))).toEqual(
      [...DEFAULT_TREE, "prisma/migrations/20261201000000_rate_limit_store/migration.sql"].sort(),
    );
    expect(await read("featured/prisma/schema/jwt-allauth.prisma")).toContain("model RateLimitCounter {");
    expect(await read("featured/.env")).toMatch(/^JWT_ALLAUTH_FEATURES=rate-limit-store$/m);
    expect(await read("featured/.env.example")).toMatch(/^RATE_LIMIT=true$/m);
    expect(JSON.parse(await read("featured/jwt-allauth.json"))).toMatchObject({ provider: "sqlite", features: ["rate-limit-store"] });
    // Without --features the project has none.
    expect(await read("alpha/.env")).toMatch(/^JWT_ALLAUTH_FEATURES=$/m);
    expect(await read("alpha/prisma/schema/jwt-allauth.prisma")).not.toContain("RateLimitCounter");
  });

  it("refuses an unknown feature in one line, writing nothing", async () => {
    const result = await cli(["startproject", "refused", "--features", "rate-limit-store,nope", "--no-install", "--no-git"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe('error: --features: unknown feature "nope" (available: rate-limit-store, mfa)');
    await expect(stat(path.join(work, "refused"))).rejects.toThrow();
  });

  it("add refuses, in one line, to run outside a jwt-allauth project", async () => {
    const result = await cli(["add", "rate-limit-store"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(`error: ${work} is not a jwt-allauth project (no jwt-allauth.json); run this in a folder made by jwt-allauth startproject`);
  });

  it("--email=False is the default without email", async () => {
    const result = await cli(["startproject", "gamma", "--email=False", "--no-install", "--no-git"]);
    expect(result.exitCode).toBe(0);
    expect(await listTree(path.join(work, "gamma"))).toEqual(DEFAULT_TREE);
  });

  it.each([
    ["pnpm", "COPY package.json pnpm-lock.yaml ./", "pnpm install --frozen-lockfile"],
    ["yarn", "COPY package.json yarn.lock ./", "yarn install --frozen-lockfile"],
  ])("writes a Dockerfile that installs from the %s lock file", async (manager, copy, install) => {
    const result = await cli(["startproject", `docker-${manager}`, "--package-manager", manager, "--no-install", "--no-git"]);
    expect(result.exitCode).toBe(0);
    const dockerfile = await read(`docker-${manager}/Dockerfile`);
    expect(dockerfile).toContain(copy);
    expect(dockerfile).toContain(install);
    expect(dockerfile).not.toContain("npm ci");
  });

  it("renders a custom --template with the documented context", async () => {
    const template = path.join(work, "my-template");
    await mkdir(path.join(template, "src"), { recursive: true });
    await writeFile(path.join(template, "src/info.txt.ejs"), "<%= packageName %> <%= db %> <%= email %> <%= jwtAllauthDependency %>\n");
    await writeFile(path.join(template, "_gitignore"), "node_modules/\n");
    await writeFile(path.join(template, "logo.svg"), "<svg><%= not rendered %></svg>");
    const result = await cli(["startproject", "delta", "custom-out", "--template", "my-template", "--db", "postgresql", "--no-install", "--no-git"]);
    expect(result.exitCode).toBe(0);
    expect(await listTree(path.join(work, "custom-out"))).toEqual([".gitignore", "logo.svg", "src/info.txt"]);
    expect(await read("custom-out/src/info.txt")).toBe("delta postgresql false ^0.1.0\n");
    expect(await read("custom-out/logo.svg")).toBe("<svg><%= not rendered %></svg>");
  });

  it("refuses to run into the same directory again and changes nothing", async () => {
    await cli(["startproject", "epsilon", "--no-install", "--no-git"]);
    const before = await snapshot(path.join(work, "epsilon"));
    const again = await cli(["startproject", "epsilon", "--db", "postgresql", "--no-install", "--no-git"]);
    expect(again.exitCode).not.toBe(0);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toContain("already exists and is not empty");
    expect(await snapshot(path.join(work, "epsilon"))).toEqual(before);
  });

  it.each([
    ["an invalid name", ["startproject", "Not Valid", "--no-install", "--no-git"], "invalid project name"],
    ["a missing template", ["startproject", "zeta", "--template", "nowhere", "--no-install", "--no-git"], "cannot read template"],
    ["an unknown database", ["startproject", "zeta", "--db", "mysql", "--no-install", "--no-git"], "Allowed choices are sqlite, postgresql"],
  ])("refuses %s with one line and writes nothing", async (_label, args, message) => {
    const before = await readdir(work);
    const result = await cli(args);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(await readdir(work)).toEqual(before);
  });

  it("creates a git repository with one commit that leaves the secrets out", async () => {
    const result = await cli(["startproject", "theta", "--no-install"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Created a git repository with a first commit.");
    const git = (args: string[]) => execa("git", args, { cwd: path.join(work, "theta") });
    expect((await git(["log", "--oneline"])).stdout.trim().split("\n")).toHaveLength(1);
    const tracked = (await git(["ls-files"])).stdout.split("\n");
    expect(tracked).toContain(".env.example");
    expect(tracked).toContain("prisma/migrations/20261129000000_init/migration.sql");
    expect(tracked).not.toContain(".env");
  });

  it("stops an install on Ctrl-C, keeps the project and says how to finish", async () => {
    const child = execa(packed.bin, ["startproject", "eta", "--no-git"], { cwd: work, reject: false, timeout: 60_000, stdin: "pipe" });
    await new Promise<void>((resolve) => {
      child.stderr!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Installing dependencies")) resolve();
      });
    });
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/To finish: cd eta && npm install$/m);
    expect(JSON.parse(await read("eta/package.json")).name).toBe("eta");
  });
});
