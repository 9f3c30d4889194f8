// End to end, as a user gets it: `npm pack` this package, install the tarball, and run its
// `jwt-allauth` bin as a child process with no terminal. One sqlite project is installed from
// the same tarball, migrated, type-checked, tested, built, started and spoken to over HTTP.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/cli/utils/package-root.js";

const PRISMA_OFFLINE = path.resolve(PACKAGE_ROOT, "../shared/prisma-offline/prisma");
const NO_ENGINE = path.resolve(PACKAGE_ROOT, "../shared/prisma-offline/lib/no-native-engine");
/** A scaffold without install is well under a second; this only catches a CLI waiting for input. */
const SCAFFOLD_TIMEOUT_MS = 20_000;
const INSTALL_TIMEOUT_MS = 8 * 60_000;

const DEFAULT_TREE = [
  ".env",
  ".env.example",
  ".gitignore",
  "README.md",
  "package.json",
  "prisma.config.ts",
  "prisma/migrations/20261129000000_init/migration.sql",
  "prisma/migrations/migration_lock.toml",
  "prisma/schema.prisma",
  "src/app.ts",
  "src/db.ts",
  "src/server.ts",
  "src/settings.ts",
  "test/auth.test.ts",
  "test/health.test.ts",
  "test/support/app.ts",
  "test/support/database.ts",
  "test/tsconfig.json",
  "tsconfig.json",
];

let work: string;
let tarball: string;
let bin: string;

/** The CLI as a user runs it: no terminal, stdin an open pipe that never answers. */
function cli(args: string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): ResultPromise {
  return execa(bin, args, {
    cwd: options.cwd ?? work,
    env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, ...options.env },
    reject: false,
    timeout: options.timeout ?? SCAFFOLD_TIMEOUT_MS,
    stdin: "pipe",
  }) as unknown as ResultPromise;
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
  work = await mkdtemp(path.join(os.tmpdir(), "jwt-allauth-e2e-"));
  // prepack builds dist/ first, so this also proves the build passes.
  const packed = await execa("npm", ["pack", "--pack-destination", work, "--json"], { cwd: PACKAGE_ROOT });
  tarball = path.join(work, (JSON.parse(packed.stdout) as [{ filename: string }])[0].filename);
  await mkdir(path.join(work, "cli"));
  await execa("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", tarball], { cwd: path.join(work, "cli") });
  bin = path.join(work, "cli/node_modules/.bin/jwt-allauth");
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
    expect(await read("alpha/prisma/schema.prisma")).toContain('provider = "sqlite"');
    expect(await read("alpha/prisma/migrations/migration_lock.toml")).toContain('provider = "sqlite"');
    const env = await read("alpha/.env");
    expect(env).toContain('DATABASE_URL="file:./dev.db"');
    expect(env).toContain("EMAIL_VERIFICATION=false");
    expect(env).toMatch(/^JWT_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\n.+\\n-----END PRIVATE KEY-----\\n"$/m);
    expect(env).toMatch(/^JWT_KEY_ID=[A-Za-z0-9_-]{43}$/m);
    expect(env).not.toContain("EMAIL_HOST=");
    const example = await read("alpha/.env.example");
    expect(example).toMatch(/^JWT_PRIVATE_KEY=$/m);
    expect(example).not.toContain("BEGIN PRIVATE KEY");
    const pkg = JSON.parse(await read("alpha/package.json"));
    expect(pkg).toMatchObject({
      name: "alpha",
      type: "module",
      scripts: { dev: "tsx watch src/server.ts", build: "tsc", start: "node dist/server.js", test: "vitest run" },
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
    expect(await read("beta-api/prisma/schema.prisma")).toContain('provider = "postgresql"');
    expect(await read("beta-api/prisma/migrations/20261129000000_init/migration.sql")).toContain("TIMESTAMP(3)");
    const env = await read("beta-api/.env");
    expect(env).toContain('DATABASE_URL="postgresql://postgres@localhost:5432/beta_api"');
    expect(env).toContain("EMAIL_VERIFICATION=true");
    expect(env).toContain("EMAIL_HOST=localhost");
    const templates = JSON.parse(/^JWT_ALLAUTH_TEMPLATES='(.*)'$/m.exec(env)![1]!) as Record<string, string>;
    expect(Object.keys(templates).sort()).toEqual([
      "ACCOUNT_EXISTS_EMAIL", "ACCOUNT_EXISTS_SUBJECT", "EMAIL_VERIFICATION", "EMAIL_VERIFICATION_SUBJECT", "PASS_RESET_EMAIL", "PASS_RESET_SUBJECT",
    ]);
    for (const file of Object.values(templates)) await stat(path.join(work, "beta-api", file));
    const pkg = JSON.parse(await read("beta-api/package.json"));
    expect(pkg.dependencies).toMatchObject({ pg: "8.23.1", "@prisma/adapter-pg": "7.10.1" });
    expect(pkg.dependencies["better-sqlite3"]).toBeUndefined();
  });

  it("--email=False is the default without email", async () => {
    const result = await cli(["startproject", "gamma", "--email=False", "--no-install", "--no-git"]);
    expect(result.exitCode).toBe(0);
    expect(await listTree(path.join(work, "gamma"))).toEqual(DEFAULT_TREE);
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

  it("stops an install on Ctrl-C, keeps the project and says how to finish", async () => {
    const child = execa(bin, ["startproject", "eta", "--no-git"], { cwd: work, reject: false, timeout: 60_000, stdin: "pipe" });
    await new Promise<void>((resolve) => {
      child.stderr!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Installing dependencies")) resolve();
      });
    });
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain("To finish: cd eta && npm install && npx prisma generate");
    expect(JSON.parse(await read("eta/package.json")).name).toBe("eta");
  });
});

describe("an installed sqlite project", () => {
  const project = () => path.join(work, "omega");
  let scaffold: Awaited<ReturnType<typeof cli>>;
  const run = (file: string, args: string[], env: Record<string, string> = {}) =>
    execa(file, args, { cwd: project(), env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, ...env }, timeout: INSTALL_TIMEOUT_MS });

  beforeAll(async () => {
    scaffold = await cli(["startproject", "omega"], { env: { JWT_ALLAUTH_DEPENDENCY_SPEC: `file:${tarball}` }, timeout: INSTALL_TIMEOUT_MS });
    if (scaffold.exitCode !== 0) throw new Error(`startproject failed:\n${String(scaffold.stdout)}\n${String(scaffold.stderr)}`);
  }, INSTALL_TIMEOUT_MS);

  it("reports its long steps as plain progress lines without a terminal", () => {
    const lines = String(scaffold.stderr).split("\n");
    expect(lines).toContain("- Installing dependencies with npm...");
    expect(lines).toContain("✔ Installing dependencies with npm");
    expect(lines).toContain("✔ Generating the Prisma client");
    expect(String(scaffold.stderr)).not.toContain("\x1b[");
    expect(String(scaffold.stdout)).toContain("Created a git repository with a first commit.");
  });

  it("depends on jwt-allauth from the tarball (JWT_ALLAUTH_DEPENDENCY_SPEC)", async () => {
    expect(JSON.parse(await read("omega/package.json")).dependencies["jwt-allauth"]).toBe(`file:${tarball}`);
    await stat(path.join(project(), "node_modules/jwt-allauth/dist/runtime/index.js"));
    await stat(path.join(project(), "src/generated/prisma/client.ts"));
  });

  it("has a git repository with one commit and no secrets in it", async () => {
    const log = await run("git", ["log", "--oneline"]);
    expect(log.stdout.trim().split("\n")).toHaveLength(1);
    const tracked = (await run("git", ["ls-files"])).stdout.split("\n");
    expect(tracked).toContain(".env.example");
    expect(tracked).not.toContain(".env");
    expect(tracked.some((file) => file.startsWith("src/generated/") || file.startsWith("node_modules/"))).toBe(false);
  });

  it("migrates, type-checks and passes its own test suite", { timeout: INSTALL_TIMEOUT_MS }, async () => {
    await run(PRISMA_OFFLINE, ["migrate", "dev"]);
    expect((await stat(path.join(project(), "dev.db"))).size).toBeGreaterThan(0);
    await run("npx", ["tsc", "--noEmit", "-p", "test/tsconfig.json"]);
    const tests = await run("npm", ["test"]);
    expect(stripVTControlCharacters(tests.stdout)).toMatch(/Tests\s+\d+ passed/);
  });

  it("builds, starts, serves /health, registers and logs in, and stops on SIGTERM", { timeout: INSTALL_TIMEOUT_MS }, async () => {
    await run("npm", ["run", "build"]);
    const port = await freePort();
    const server = execa("node", ["dist/server.js"], { cwd: project(), env: { PORT: String(port), LOG_LEVEL: "warn" }, reject: false });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForServer(`${base}/health`);
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      expect((await fetch(`${base}/docs/json`)).status).toBe(200);

      const credentials = { email: "grace@example.com", password: "cobol-compiler-1959" };
      const post = (url: string, body: object) =>
        fetch(`${base}${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect((await post("/jwt-allauth/registration/", credentials)).status).toBe(201);
      const login = await post("/jwt-allauth/login/", credentials);
      expect(login.status).toBe(200);
      const { access } = (await login.json()) as { access: string };
      const hello = await fetch(`${base}/hello`, { headers: { authorization: `Bearer ${access}` } });
      expect(hello.status).toBe(200);
    } finally {
      server.kill("SIGTERM");
    }
    const stopped = await server;
    expect(stopped.exitCode).toBe(0);
  });
});

describe("an installed postgresql project with email", () => {
  const project = () => path.join(work, "pgmail");
  // The project's tests create their databases on this server (DATABASE_URL's server).
  const env = { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres" };

  beforeAll(async () => {
    const result = await cli(["startproject", "pgmail", "--db", "postgresql", "--email", "--no-git"], {
      env: { JWT_ALLAUTH_DEPENDENCY_SPEC: `file:${tarball}` },
      timeout: INSTALL_TIMEOUT_MS,
    });
    if (result.exitCode !== 0) throw new Error(`startproject failed:\n${String(result.stdout)}\n${String(result.stderr)}`);
  }, INSTALL_TIMEOUT_MS);

  it("type-checks and passes its own test suite, email verification included", { timeout: INSTALL_TIMEOUT_MS }, async () => {
    await execa("npx", ["tsc", "--noEmit", "-p", "test/tsconfig.json"], { cwd: project(), env });
    const tests = await execa("npm", ["test"], { cwd: project(), env });
    const output = stripVTControlCharacters(tests.stdout);
    expect(output).toMatch(/Tests\s+7 passed/);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}
