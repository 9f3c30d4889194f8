// MFA end to end, as a user lives it, on one database: a project scaffolded with `--features mfa`
// from the packed package (its .env gets a fresh MFA_ENCRYPTION_KEY), installed from the tarball,
// migrated with the real Prisma CLI (migrate deploy, then diff --exit-code), built and started;
// then, over HTTP, a user enrols an authenticator (setup, QR code, activate with a code computed
// from the secret), logs in and meets the challenge, finishes it with the next code and then with
// a recovery code, and a replayed code is refused.
import { randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeAt } from "../../features/support/totp.js";
import type { Provider } from "../../support/prisma-clients.js";
import { createRunDatabase, freePort, INSTALL_TIMEOUT_MS, NO_ENGINE, packAndInstallCli, PRISMA_OFFLINE, scaffoldFromTarball, waitForServer, type PackedPackage, type RunDatabase } from "./project.js";

const PASSWORD = "grace-hopper-compiles";
const STEP_MS = 30_000;

export function describeMfaStory(provider: Provider): void {
  describe(`MFA in a generated ${provider} project (--features mfa), from the packed package`, () => {
    let packed: PackedPackage;
    let project: string;
    let databaseUrl: string;
    let database: RunDatabase | undefined;
    let server: ResultPromise | undefined;
    let base: string;
    const run = (file: string, args: string[], extra: Record<string, string> = {}) =>
      execa(file, args, { cwd: project, env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, DATABASE_URL: databaseUrl, ...extra }, timeout: INSTALL_TIMEOUT_MS, reject: false });
    const post = async (url: string, body: object, access?: string) => {
      const response = await fetch(`${base}/jwt-allauth/${url}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(access ? { authorization: `Bearer ${access}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };

    beforeAll(async () => {
      packed = await packAndInstallCli(`jwt-allauth-e2e-mfa-${provider}-`);
      ({ dir: project } = await scaffoldFromTarball(packed, "vault", ["--db", provider, "--features", "mfa", "--no-git"]));
      database = await createRunDatabase(provider, "jwt_allauth_e2e_mfa");
      databaseUrl = database.url;
    }, INSTALL_TIMEOUT_MS);

    afterAll(async () => {
      server?.kill("SIGTERM");
      await server?.catch(() => undefined);
      await database?.drop();
      if (packed) await rm(packed.work, { recursive: true, force: true });
    });

    it("has the feature in .env with its own key, migrates (schema and migrations agree), builds and starts", { timeout: INSTALL_TIMEOUT_MS }, async () => {
      const env = await readFile(path.join(project, ".env"), "utf8");
      expect(env).toMatch(/^JWT_ALLAUTH_FEATURES=mfa$/m);
      expect(Buffer.from(env.match(/^MFA_ENCRYPTION_KEY=(.+)$/m)![1]!, "base64url")).toHaveLength(32);
      expect(await readFile(path.join(project, ".env.example"), "utf8")).toMatch(/^MFA_ENCRYPTION_KEY=$/m);
      const deploy = await run(PRISMA_OFFLINE, ["migrate", "deploy"]);
      expect(deploy.exitCode, deploy.stderr).toBe(0);
      expect(deploy.stdout + deploy.stderr).toMatch(/_mfa/);
      const diff = await run(PRISMA_OFFLINE, ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema", "--exit-code"]);
      expect(diff.exitCode, `${diff.stdout}\n${diff.stderr}`).toBe(0);
      expect((await run("npm", ["run", "build"])).exitCode).toBe(0);
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      server = execa("node", ["dist/server.js"], { cwd: project, env: { DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: "warn" }, reject: false });
      await waitForServer(`${base}/health`);
    });

    it("enrols a user's authenticator app, then challenges their login until a code or a recovery code", async () => {
      const email = `grace-${randomBytes(3).toString("hex")}@example.com`;
      const registered = await post("registration/", { email, password: PASSWORD });
      expect(registered.status).toBe(201);
      const { access } = registered.body;

      const setup = await post("mfa/setup/", {}, access);
      expect(setup.status).toBe(200);
      expect(setup.body.qrSvg).toMatch(/^<svg/);
      const { secret } = setup.body;
      const activated = await post("mfa/activate/", { code: codeAt(secret, new Date()) }, access);
      expect(activated.status).toBe(200);
      expect(activated.body.recoveryCodes).toHaveLength(10);

      const login = await post("login/", { email, password: PASSWORD });
      expect(login.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), methods: ["totp", "recovery_code"] });
      // The activation spent this step's code: the app's next code (one step of drift allowed) signs in.
      const next = codeAt(secret, new Date(Date.now() + STEP_MS));
      const verified = await post("mfa/verify/", { mfaToken: login.body.mfaToken, code: next });
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ access: expect.any(String), refresh: expect.any(String), user: { email } });
      const me = await fetch(`${base}/jwt-allauth/user/`, { headers: { authorization: `Bearer ${verified.body.access}` } });
      expect(me.status).toBe(200);

      const again = await post("login/", { email, password: PASSWORD });
      const replay = await post("mfa/verify/", { mfaToken: again.body.mfaToken, code: next });
      expect(replay).toMatchObject({ status: 400, body: { code: "mfa_code_invalid" } });
      const recovered = await post("mfa/verify-recovery/", { mfaToken: again.body.mfaToken, recoveryCode: activated.body.recoveryCodes[0] });
      expect(recovered.status).toBe(200);
      expect(recovered.body.access).toEqual(expect.any(String));
    });
  });
}
