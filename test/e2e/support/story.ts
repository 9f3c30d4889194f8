// The whole promise, as a new user runs it, on one database: pack, scaffold with --email, install
// from the tarball, the real Prisma migrate commands, the project's own tests and build, then
// `npm start` against a real SMTP capture server and the full user story over HTTP. Also the
// production shape: logs without secrets, settings checked at boot, a database outage answered
// 503 and recovered from, and a clean exit on SIGTERM.
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import Database from "better-sqlite3";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtpServer, type CapturedMail, type TestSmtpServer } from "../../email/support/smtp-server.js";
import { PG_ADMIN_URL, withAdmin } from "../../support/databases.js";
import type { Provider } from "../../support/prisma-clients.js";
import { createRunDatabase, freePort, INSTALL_TIMEOUT_MS, NO_ENGINE, packAndInstallCli, PRISMA_OFFLINE, scaffoldFromTarball, waitForServer, type PackedPackage, type RunDatabase } from "./project.js";

const PASSWORD = "first-password-of-ada";
const NEW_PASSWORD = "second-password-of-ada";
const LAPTOP = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

interface Tokens {
  access: string;
  refresh: string;
}

export function describeGeneratedProject(provider: Provider): void {
  describe(`a generated ${provider} project with email, installed from the packed package`, () => {
    let packed: PackedPackage;
    let project: string;
    let scaffold: Awaited<ReturnType<typeof scaffoldFromTarball>>["result"];
    let smtp: TestSmtpServer;
    /** The project's DATABASE_URL for this run; PostgreSQL gets a fresh database, dropped at the end. */
    let databaseUrl: string;
    let database: RunDatabase | undefined;
    const env = () => ({ PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, DATABASE_URL: databaseUrl });
    const run = (file: string, args: string[], extra: Record<string, string> = {}) =>
      execa(file, args, { cwd: project, env: { ...env(), ...extra }, timeout: INSTALL_TIMEOUT_MS });

    beforeAll(async () => {
      packed = await packAndInstallCli(`jwt-allauth-e2e-${provider}-`);
      project = path.join(packed.work, "shop");
      ({ result: scaffold } = await scaffoldFromTarball(packed, "shop", ["--db", provider, "--email", "--no-git"]));
      database = await createRunDatabase(provider, "jwt_allauth_e2e");
      databaseUrl = database.url;
      smtp = await startTestSmtpServer();
    }, INSTALL_TIMEOUT_MS);

    afterAll(async () => {
      await smtp?.close();
      await database?.drop();
      if (packed) await rm(packed.work, { recursive: true, force: true });
    });

    it("was installed with plain progress lines and depends on the tarball", async () => {
      const lines = String(scaffold.stderr).split("\n");
      expect(lines).toContain("✔ Installing dependencies with npm (and generating the Prisma client)");
      expect(String(scaffold.stderr)).not.toContain("\x1b[");
      await stat(path.join(project, "node_modules/jwt-allauth/dist/runtime/index.js"));
      await stat(path.join(project, "src/generated/prisma/client.ts"));
    });

    it("has a lock file that npm ci accepts (the Dockerfile installs with npm ci)", { timeout: INSTALL_TIMEOUT_MS }, async () => {
      const ci = await run("npm", ["ci", "--dry-run", "--no-audit", "--no-fund"]);
      expect(ci.exitCode).toBe(0);
    });

    it("applies its shipped migrations with prisma migrate deploy, and they match the schema", { timeout: INSTALL_TIMEOUT_MS }, async () => {
      const deploy = await run(PRISMA_OFFLINE, ["migrate", "deploy"]);
      expect(deploy.stdout + deploy.stderr).toMatch(/20261129000000_init/);
      // --exit-code: 2 when the schema and the migrations differ, so a forgotten migration fails here.
      const diff = await run(PRISMA_OFFLINE, ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema", "--exit-code"], {});
      expect(diff.exitCode).toBe(0);
      const status = await run(PRISMA_OFFLINE, ["migrate", "status"]);
      expect(status.stdout).toContain("Database schema is up to date");
    });

    it("passes its own type check and test suite, and builds", { timeout: INSTALL_TIMEOUT_MS }, async () => {
      await run("npm", ["run", "typecheck"]);
      // The project's tests make their own databases on DATABASE_URL's server (PostgreSQL) or in temp files.
      const tests = await run("npm", ["test"], provider === "postgresql" ? { DATABASE_URL: PG_ADMIN_URL } : {});
      expect(stripVTControlCharacters(tests.stdout)).toMatch(/Tests\s+\d+ passed/);
      await run("npm", ["run", "build"]);
      await stat(path.join(project, "dist/server.js"));
    });

    it("refuses to start with a bad setting and names the variable", async () => {
      const start = await execa("npm", ["start"], {
        cwd: project,
        env: { ...env(), JWT_ALGORITHM: "HS256", JWT_SECRET: "too-short" },
        reject: false,
        timeout: 60_000,
      });
      expect(start.exitCode).not.toBe(0);
      expect(start.stderr).toMatch(/JWT_SECRET/);
      const badPort = await execa("npm", ["start"], { cwd: project, env: { ...env(), PORT: "eighty" }, reject: false, timeout: 60_000 });
      expect(badPort.exitCode).not.toBe(0);
      expect(badPort.stderr).toMatch(/PORT must be/);
    });

    it("serves the whole user story over HTTP with real email, logs no secret, survives a database outage and stops cleanly", { timeout: 5 * 60_000 }, async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = execa("npm", ["start"], {
        cwd: project,
        env: {
          ...env(),
          PORT: String(port),
          PUBLIC_URL: base,
          LOG_LEVEL: "info",
          EMAIL_HOST: "127.0.0.1",
          EMAIL_PORT: String(smtp.port),
          EMAIL_VERIFICATION: "true",
        },
        reject: false,
        all: true,
        // Its own process group: SIGTERM goes to npm and the server at once, as from a terminal's
        // Ctrl-C or a process supervisor (npm does not pass a signal on to its script).
        detached: true,
      });
      let stopping = false;
      /** Once: a second SIGTERM would hit the default handler and kill the server mid-shutdown. */
      const stop = () => {
        if (!stopping) process.kill(-server.pid!, "SIGTERM");
        stopping = true;
      };
      const logs: string[] = [];
      server.all!.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
      const secrets: string[] = [PASSWORD, NEW_PASSWORD];
      const keep = (tokens: Tokens) => {
        secrets.push(tokens.access, tokens.refresh);
        return tokens;
      };
      try {
        await waitForServer(`${base}/health`);
        expect((await fetch(`${base}/ready`)).status).toBe(200);
        // The SQLite file holds password hashes: owner-only, like .env, though migrate created it 0644.
        if (provider === "sqlite") expect((await stat(path.join(project, "prod.db"))).mode & 0o777).toBe(0o600);
        const email = "ada@example.com";
        const post = (url: string, body: object, headers: Record<string, string> = {}) =>
          fetch(`${base}/jwt-allauth${url}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
        const authorized = (access: string, userAgent = LAPTOP) => ({ authorization: `Bearer ${access}`, "user-agent": userAgent });

        // Register: verification is mandatory, so no tokens until the emailed link is followed.
        const registration = await post("/registration/", { email, password: PASSWORD });
        expect(registration.status).toBe(201);
        expect(await registration.json()).not.toHaveProperty("access");
        expect((await post("/login/", { email, password: PASSWORD })).status).toBe(403);
        const verification = await smtp.waitForMail(email);
        const verifyLink = linkIn(verification.mail.text, `${base}/jwt-allauth/registration/verification/`);
        secrets.push(verifyLink.split("/").at(-2)!);
        const verified = await fetch(verifyLink, { redirect: "manual" });
        expect(verified.status).toBe(302);
        expect((await fetch(verified.headers.get("location")!)).status).toBe(200);

        // Two devices.
        const laptopLogin = await post("/login/", { email, password: PASSWORD }, { "user-agent": LAPTOP });
        expect(laptopLogin.status).toBe(200);
        const laptop = keep((await laptopLogin.json()) as Tokens);
        const phone = keep((await (await post("/login/", { email, password: PASSWORD }, { "user-agent": PHONE })).json()) as Tokens);
        const hello = await fetch(`${base}/hello`, { headers: authorized(laptop.access) });
        expect(hello.status).toBe(200);

        const devices = (await (await fetch(`${base}/jwt-allauth/sessions/`, { headers: authorized(laptop.access) })).json()) as {
          sessions: Array<{ id: string; current: boolean; os: string | null }>;
        };
        expect(devices.sessions).toHaveLength(2);
        const current = devices.sessions.find((session) => session.current)!;
        const other = devices.sessions.find((session) => !session.current)!;
        expect(current.os).toMatch(/Mac/);
        expect(other.os).toMatch(/Android/);

        // Refresh rotates; the old laptop token is then only good within the grace window.
        const rotated = await post("/refresh/", { refresh: laptop.refresh });
        expect(rotated.status).toBe(200);
        const laptop2 = keep((await rotated.json()) as Tokens);
        expect(laptop2.refresh).not.toBe(laptop.refresh);

        // Revoke the phone from the laptop: the phone's refresh token stops working.
        const revoke = await fetch(`${base}/jwt-allauth/sessions/${other.id}/`, { method: "DELETE", headers: authorized(laptop2.access) });
        expect(revoke.status).toBe(204);
        const phoneRefresh = await post("/refresh/", { refresh: phone.refresh });
        expect(phoneRefresh.status).toBe(401);
        expect(((await phoneRefresh.json()) as { code: string }).code).toBe("token_not_valid");

        // Password reset through the emailed link: every session ends, the new password works.
        expect((await post("/password/reset/", { email })).status).toBe(200);
        const reset = await secondMail(smtp);
        const resetLink = new URL(linkIn(reset.mail.text, `${base}/jwt-allauth/password/reset/`));
        const token = resetLink.searchParams.get("token")!;
        secrets.push(token);
        expect((await fetch(resetLink)).status).toBe(200);
        expect((await post("/password/reset/confirm/", { token, newPassword: NEW_PASSWORD })).status).toBe(200);
        expect((await post("/refresh/", { refresh: laptop2.refresh })).status).toBe(401);
        expect((await post("/login/", { email, password: PASSWORD })).status).toBe(401);
        const again = keep((await (await post("/login/", { email, password: NEW_PASSWORD }, { "user-agent": LAPTOP })).json()) as Tokens);
        const phoneAgain = keep((await (await post("/login/", { email, password: NEW_PASSWORD }, { "user-agent": PHONE })).json()) as Tokens);

        // Logout everywhere.
        const logoutAll = await fetch(`${base}/jwt-allauth/logout-all/`, { method: "POST", headers: authorized(again.access) });
        expect(logoutAll.status).toBe(200);
        expect(((await logoutAll.json()) as { revoked: number }).revoked).toBe(2);
        expect((await post("/refresh/", { refresh: phoneAgain.refresh })).status).toBe(401);

        await expectOutageAndRecovery({ provider, base, email, project, databaseName: database!.name });

        // Structured pino lines with request ids; no password, token, key or cookie in any of them.
        const output = logs.join("");
        const lines = output.split("\n").filter((line) => line.startsWith("{"));
        expect(lines.length).toBeGreaterThan(10);
        expect(lines.some((line) => /"reqId":"req-/.test(line))).toBe(true);
        for (const secret of secrets) expect(output).not.toContain(secret);
        expect(output).not.toMatch(/refresh_token=|"authorization"|Bearer /i);

        // SIGTERM while a login is in flight: it is still answered, then the server stops by itself.
        const inFlight = fetch(`${base}/jwt-allauth/login/`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password: NEW_PASSWORD }),
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        stop();
        expect((await inFlight).status).toBe(200);
      } finally {
        stop();
      }
      const stopped = await server;
      expect(stopped.all).toContain("shutting down");
      expect(stopped.all).toContain("stopped: requests in flight answered, database closed");
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    });
  });
}

/** Emails leave after the answer: wait for the one after the verification email. */
async function secondMail(smtp: TestSmtpServer): Promise<CapturedMail> {
  for (let attempt = 0; attempt < 200 && smtp.messages.length < 2; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (smtp.messages.length < 2) throw new Error("the password reset email never arrived");
  return smtp.messages[1]!;
}

/** The first link in a plain-text email that starts with `prefix`. */
function linkIn(text: string | undefined, prefix: string): string {
  const link = (text ?? "").split(/\s+/).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`no link starting with ${prefix} in:\n${text}`);
  return link;
}

/**
 * A real outage under the running server. PostgreSQL: the database refuses new connections and
 * the server kills the open ones. SQLite: another process holds the write lock.
 */
interface RunningProject {
  provider: Provider;
  base: string;
  email: string;
  project: string;
  databaseName: string;
}

async function expectOutageAndRecovery({ provider, base, email, project, databaseName }: RunningProject): Promise<void> {
  const login = () =>
    fetch(`${base}/jwt-allauth/login/`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: NEW_PASSWORD }) });
  if (provider === "postgresql") {
    await withAdmin(async (client) => {
      await client.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`);
      await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [databaseName]);
    });
    try {
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { code: string }).code).toBe("database_unavailable");
      const during = await login();
      expect(during.status).toBe(503);
      expect(((await during.json()) as { code: string }).code).toBe("database_unavailable");
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await withAdmin((client) => client.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`));
    }
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  } else {
    const locker = new Database(path.join(project, "prod.db"));
    try {
      locker.exec("BEGIN EXCLUSIVE");
      const during = await login();
      expect(during.status).toBe(503);
      expect(((await during.json()) as { code: string }).code).toBe("database_unavailable");
      locker.exec("COMMIT");
    } finally {
      locker.close();
    }
  }
  expect((await login()).status).toBe(200);
}
