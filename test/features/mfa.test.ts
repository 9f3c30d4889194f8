// The mfa feature over HTTP on both databases, with codes computed from the secret (an
// independent RFC 6238 implementation) and a controlled clock: enrolment, the login challenge,
// recovery codes, replay, races, lockouts, wrong-typ tokens, step-up, and MFA_MODE.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ACCOUNT_MAX_FAILURES, CHALLENGE_MAX_ATTEMPTS } from "../../src/features/mfa/limits.js";
import { createOneTimeTokens } from "../../src/runtime/one-time-tokens.js";
import { createStore } from "../../src/runtime/store/index.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, buildApp, login, PASSWORD, register, signUp, uniqueEmail, useApp } from "../runtime/support/app.js";
import { challenge, enrol, MFA_ENV, post, STEP_MS, tick } from "./support/mfa-app.js";
import { codeAt } from "./support/totp.js";

const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());

describe.each(PROVIDERS)("mfa on %s", (provider) => {
  const context = useApp(provider, MFA_ENV);
  beforeAll(() => void tick(0));
  afterEach(() => vi.useRealTimers());
  const app = () => context.app;
  const verify = (mfaToken: string, code: string) => post(app(), "mfa/verify/", { mfaToken, code });
  const events = async (userId: string) =>
    (await context.database.prisma.auditEvent.findMany({ where: { userId }, orderBy: { createdAt: "asc" } })).map((event) => event.type);

  it("enrols: a pending secret with its URI and QR code, activated by a code, answering 10 recovery codes once", async () => {
    tick();
    const user = await signUp(app());
    const setup = await post(app(), "mfa/setup/", {}, bearer(user.access));
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = setup.json();
    expect(new URL(otpauthUri).searchParams.get("secret")).toBe(secret);
    expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Encrypted at rest: the secret is not in the row.
    const row = await context.database.prisma.mfaAuthenticator.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(row.secret).not.toContain(secret);
    expect(row.activatedAt).toBeNull();
    // Pending: the login is not challenged yet, and a wrong code does not activate.
    expect((await login(app(), user.email)).json().access).toEqual(expect.any(String));
    const wrong = await post(app(), "mfa/activate/", { code: "000000" === codeAt(secret, new Date()) ? "111111" : "000000" }, bearer(user.access));
    expect(wrong.json()).toMatchObject({ code: "mfa_code_invalid", message: expect.stringMatching(/^code: /) });
    const activated = await post(app(), "mfa/activate/", { code: codeAt(secret, new Date()) }, bearer(user.access));
    expect(activated.statusCode).toBe(200);
    expect(activated.json().recoveryCodes).toHaveLength(10);
    expect(await context.database.prisma.mfaRecoveryCode.count({ where: { userId: user.userId } })).toBe(10);
    const stored = await context.database.prisma.mfaRecoveryCode.findMany({ where: { userId: user.userId } });
    expect(stored.map((code) => code.codeHash)).not.toContain(activated.json().recoveryCodes[0]);
    // A second setup would replace the active factor without step-up: refused.
    expect((await post(app(), "mfa/setup/", {}, bearer(user.access))).json().code).toBe("mfa_already_active");
    const list = await app().inject({ method: "GET", url: "/jwt-allauth/mfa/authenticators/", headers: bearer(user.access) });
    expect(list.json().authenticators).toEqual([
      { type: "totp", createdAt: expect.any(String), lastUsedAt: expect.any(String) },
      { type: "recovery_codes", createdAt: expect.any(String), lastUsedAt: null, remaining: 10 },
    ]);
    expect(list.body).not.toContain(secret);
    expect(await events(user.userId)).toEqual(["mfa.setup", "mfa.failed", "mfa.activated"]);
  });

  it("challenges the login instead of answering tokens, opens no session until the code, then answers the usual tokens", async () => {
    const user = await enrol(app());
    const sessionsBefore = await context.database.prisma.session.count({ where: { userId: user.userId } });
    const first = await login(app(), user.email);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ mfaRequired: true, mfaToken: expect.any(String), methods: ["totp", "recovery_code"] });
    expect(claims(first.json().mfaToken)).toMatchObject({ typ: "mfa+jwt" });
    expect(await context.database.prisma.session.count({ where: { userId: user.userId } })).toBe(sessionsBefore);
    const done = await verify(first.json().mfaToken, codeAt(user.secret, new Date()));
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ access: expect.any(String), refresh: expect.any(String), user: { email: user.email } });
    expect((await app().inject({ method: "GET", url: "/hello", headers: bearer(done.json().access) })).statusCode).toBe(200);
    // The mfaToken is spent: a second good code gets nothing from it.
    tick();
    expect((await verify(first.json().mfaToken, codeAt(user.secret, new Date()))).json().code).toBe("token_not_valid");
  });

  it("accepts a code once: the same code (or an older one) on a later challenge is refused", async () => {
    const user = await enrol(app());
    const now = tick();
    const code = codeAt(user.secret, now);
    expect((await verify(await challenge(app(), user.email), code)).statusCode).toBe(200);
    const replay = await verify(await challenge(app(), user.email), code);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe("mfa_code_invalid");
    const older = await verify(await challenge(app(), user.email), codeAt(user.secret, new Date(now.getTime() - STEP_MS)));
    expect(older.json().code).toBe("mfa_code_invalid");
  });

  it("lets one of two verifications racing with one code win, on two challenges and on one", async () => {
    const user = await enrol(app());
    const code = codeAt(user.secret, tick());
    const [a, b] = await Promise.all([challenge(app(), user.email), challenge(app(), user.email)]);
    const twoChallenges = await Promise.all([verify(a, code), verify(b, code)]);
    expect(twoChallenges.map((response) => response.statusCode).sort()).toEqual([200, 400]);
    const next = codeAt(user.secret, tick());
    const one = await challenge(app(), user.email);
    const oneChallenge = await Promise.all(Array.from({ length: 4 }, () => verify(one, next)));
    expect(oneChallenge.filter((response) => response.statusCode === 200)).toHaveLength(1);
  });

  it("refuses the mfaToken as an access token, and access or refresh tokens as an mfaToken", async () => {
    const user = await enrol(app());
    const mfaToken = await challenge(app(), user.email);
    for (const url of ["/hello", "/jwt-allauth/user/", "/jwt-allauth/mfa/authenticators/"]) {
      expect((await app().inject({ method: "GET", url, headers: bearer(mfaToken) })).statusCode, url).toBe(401);
    }
    expect((await post(app(), "refresh/", { refresh: mfaToken })).statusCode).toBe(401);
    expect((await post(app(), "mfa/setup/", {}, bearer(mfaToken))).statusCode).toBe(401);
    const other = await signUp(app());
    for (const token of [other.access, other.refresh, `${mfaToken.slice(0, -2)}xx`]) {
      expect((await verify(token, codeAt(user.secret, new Date()))).json().code).toBe("token_not_valid");
    }
    // Expired after 5 minutes.
    tick(5 * 60_000 + 1000);
    expect((await verify(mfaToken, codeAt(user.secret, new Date()))).json().code).toBe("token_not_valid");
  });

  it(`ends a challenge after ${CHALLENGE_MAX_ATTEMPTS} wrong codes, even for the right one`, async () => {
    const user = await enrol(app());
    const mfaToken = await challenge(app(), user.email);
    const right = codeAt(user.secret, new Date());
    const wrong = right === "123456" ? "654321" : "123456";
    for (let i = 0; i < CHALLENGE_MAX_ATTEMPTS; i++) expect((await verify(mfaToken, wrong)).json().code).toBe("mfa_code_invalid");
    expect((await verify(mfaToken, right)).json().code).toBe("token_not_valid");
    expect((await verify(await challenge(app(), user.email), right)).statusCode).toBe(200);
  });

  it(`locks the account's second factor after ${ACCOUNT_MAX_FAILURES} wrong codes across challenges, with Retry-After, until the window ends`, async () => {
    const user = await enrol(app());
    const wrongCode = () => (codeAt(user.secret, new Date()) === "123456" ? "654321" : "123456");
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) {
      const mfaToken = await challenge(app(), user.email);
      expect((await verify(mfaToken, wrongCode())).json().code).toBe("mfa_code_invalid");
    }
    const locked = await verify(await challenge(app(), user.email), codeAt(user.secret, new Date()));
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe("mfa_locked");
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(locked.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);
    // Recovery codes are behind the same lock.
    expect((await post(app(), "mfa/verify-recovery/", { mfaToken: await challenge(app(), user.email), recoveryCode: user.recoveryCodes[0] })).statusCode).toBe(429);
    tick(15 * 60_000);
    expect((await verify(await challenge(app(), user.email), codeAt(user.secret, new Date()))).statusCode).toBe(200);
    const types = await events(user.userId);
    expect(types.filter((type) => type === "mfa.failed")).toHaveLength(ACCOUNT_MAX_FAILURES);
    expect(types.filter((type) => type === "mfa.locked")).toHaveLength(1);
  });

  it("finishes a login with a recovery code, once each, whatever the case and dashes", async () => {
    const user = await enrol(app());
    const [code] = user.recoveryCodes;
    const typed = code!.toUpperCase().replace("-", " ");
    const done = await post(app(), "mfa/verify-recovery/", { mfaToken: await challenge(app(), user.email), recoveryCode: typed });
    expect(done.statusCode).toBe(200);
    expect(done.json().access).toEqual(expect.any(String));
    const again = await post(app(), "mfa/verify-recovery/", { mfaToken: await challenge(app(), user.email), recoveryCode: code });
    expect(again.json()).toMatchObject({ code: "mfa_code_invalid", message: expect.stringMatching(/^recoveryCode: /) });
    const used = await context.database.prisma.auditEvent.findFirstOrThrow({ where: { userId: user.userId, type: "mfa.recovery_code_used" } });
    expect(JSON.parse(used.detail!)).toEqual({ remaining: 9 });
  });

  it("puts deactivation and new recovery codes behind step-up; a code or the password reauthenticates", async () => {
    const user = await enrol(app());
    const { refresh } = (await verify(await challenge(app(), user.email), codeAt(user.secret, new Date()))).json();
    tick(11 * 60_000);
    // A refresh keeps the login's auth_time: the session is live, the proof is old.
    const { access } = (await post(app(), "refresh/", { refresh })).json();
    for (const url of ["mfa/deactivate/", "mfa/recovery-codes/"]) expect((await post(app(), url, {}, bearer(access))).json().code).toBe("reauthentication_required");
    const wrong = await post(app(), "reauthenticate/", { code: "000000" === codeAt(user.secret, new Date()) ? "111111" : "000000" }, bearer(access));
    expect(wrong.json().code).toBe("mfa_code_invalid");
    expect((await post(app(), "reauthenticate/", { password: PASSWORD, code: "123456" }, bearer(access))).json().code).toBe("invalid_input");
    const fresh = (await post(app(), "reauthenticate/", { code: codeAt(user.secret, new Date()) }, bearer(access))).json().access;
    const regenerated = await post(app(), "mfa/recovery-codes/", {}, bearer(fresh));
    expect(regenerated.json().recoveryCodes).toHaveLength(10);
    const old = await post(app(), "mfa/verify-recovery/", { mfaToken: await challenge(app(), user.email), recoveryCode: user.recoveryCodes[1] });
    expect(old.json().code).toBe("mfa_code_invalid");
    expect((await post(app(), "mfa/deactivate/", {}, bearer(fresh))).statusCode).toBe(200);
    expect((await login(app(), user.email)).json().access).toEqual(expect.any(String));
    expect(await context.database.prisma.mfaRecoveryCode.count({ where: { userId: user.userId } })).toBe(0);
    expect(await events(user.userId)).toEqual(expect.arrayContaining(["reauthenticated", "mfa.recovery_codes_regenerated", "mfa.deactivated"]));
  });

  it("still challenges after a password reset: the reset never skips the second factor", async () => {
    const user = await enrol(app());
    // The token the emailed link carries, issued as the reset route issues it.
    const token = await createOneTimeTokens(createStore(context.database.prisma), { now: () => new Date() }).issue(user.userId, "password_reset", 60_000);
    const confirmed = await post(app(), "password/reset/confirm/", { token, newPassword: "a brand new passphrase" });
    expect(confirmed.statusCode).toBe(200);
    const after = await login(app(), user.email, "a brand new passphrase");
    expect(after.json()).toMatchObject({ mfaRequired: true });
    expect(after.json().access).toBeUndefined();
  });
});

describe.each(PROVIDERS)("MFA_MODE on %s", (provider) => {
  const required = useApp(provider, { ...MFA_ENV, MFA_MODE: "required" });
  afterEach(() => vi.useRealTimers());

  it("required: a user without a factor gets a token good only for setup and activation, which then signs them in", async () => {
    tick();
    const email = uniqueEmail();
    const registered = await register(required.app, email);
    expect(registered.json()).toEqual({ mfaRequired: true, mfaToken: expect.any(String), methods: [], setupRequired: true });
    const { mfaToken } = (await login(required.app, email)).json();
    expect((await required.app.inject({ method: "GET", url: "/hello", headers: bearer(mfaToken) })).statusCode).toBe(401);
    expect((await post(required.app, "mfa/verify/", { mfaToken, code: "123456" })).json().code).toBe("token_not_valid");
    const setup = await post(required.app, "mfa/setup/", {}, bearer(mfaToken));
    expect(setup.statusCode).toBe(200);
    const activated = await post(required.app, "mfa/activate/", { code: codeAt(setup.json().secret, new Date()) }, bearer(mfaToken));
    expect(activated.statusCode).toBe(200);
    expect(activated.json()).toMatchObject({ recoveryCodes: expect.any(Array), access: expect.any(String), user: { email } });
    // Spent: the setup token signs in once.
    expect((await post(required.app, "mfa/activate/", { code: "123456" }, bearer(mfaToken))).statusCode).toBe(401);
    const access = activated.json().access;
    expect((await post(required.app, "mfa/deactivate/", {}, bearer(access))).json().code).toBe("mfa_required");
    tick();
    expect((await login(required.app, email)).json()).toMatchObject({ mfaRequired: true, methods: ["totp", "recovery_code"] });
  });

  it("off: no challenge even with a factor, and no setup", async () => {
    const optional = await buildApp(required.database, MFA_ENV);
    const off = await buildApp(required.database, { ...MFA_ENV, MFA_MODE: "off" });
    try {
      const user = await enrol(optional);
      expect((await login(optional, user.email)).json().mfaRequired).toBe(true);
      expect((await login(off, user.email)).json().access).toEqual(expect.any(String));
      expect((await post(off, "mfa/setup/", {}, bearer(user.access))).json().code).toBe("mfa_off");
    } finally {
      await Promise.all([off.close(), optional.close()]);
    }
  });
});
