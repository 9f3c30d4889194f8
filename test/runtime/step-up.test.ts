// Step-up: tokens carry auth_time (the login's, kept through refreshes); a sensitive action with
// an older one answers 401 reauthentication_required; POST /reauthenticate/ proves identity again
// and returns an access token for the same session that passes.
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadSettings } from "../../src/runtime/index.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { RATE_LIMITS } from "../../src/runtime/routes/rate-limits.js";
import { bearer, buildApp, PASSWORD, signUp, testEnv, useApp } from "./support/app.js";

const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
const MINUTE = 60_000;

describe.each(PROVIDERS)("step-up on %s", (provider) => {
  const context = useApp(provider);
  afterEach(() => vi.useRealTimers());
  const at = (date: Date) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(date);
  };
  const post = (url: string, access: string, payload: object) => context.app.inject({ method: "POST", url: `/jwt-allauth/${url}`, headers: bearer(access), payload });
  const changePassword = (access: string) => post("password/change/", access, { oldPassword: PASSWORD, newPassword: "another long passphrase" });
  const reauthenticate = (access: string, payload: object) => post("reauthenticate/", access, payload);

  it("keeps the login's auth_time through refreshes, and refuses a sensitive action once it is older than 10 minutes", async () => {
    const start = new Date("2031-03-01T10:00:00Z");
    at(start);
    const user = await signUp(context.app);
    vi.setSystemTime(new Date(start.getTime() + 9 * MINUTE));
    const refreshed = (await context.app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: user.refresh } })).json();
    expect(claims(refreshed.access).auth_time).toBe(start.getTime() / 1000);
    expect(claims(refreshed.refresh).auth_time).toBe(start.getTime() / 1000);
    vi.setSystemTime(new Date(start.getTime() + 11 * MINUTE));
    const refused = await changePassword(refreshed.access);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: "reauthentication_required", message: expect.stringContaining("/jwt-allauth/reauthenticate/") });

    const again = await reauthenticate(refreshed.access, { password: PASSWORD });
    expect(again.statusCode).toBe(200);
    expect(Object.keys(again.json())).toEqual(["access"]);
    const fresh = claims(again.json().access);
    expect(fresh).toMatchObject({ sid: claims(refreshed.access).sid, auth_time: Math.floor(Date.now() / 1000) });
    expect((await changePassword(again.json().access)).statusCode).toBe(200);
    const events = await context.database.prisma.auditEvent.findMany({ where: { userId: user.userId, type: "reauthenticated" } });
    expect(events.map((event) => JSON.parse(event.detail!))).toEqual([{ method: "password" }]);
  });

  it("lets a fresh login through without reauthenticating", async () => {
    const user = await signUp(context.app);
    expect((await changePassword(user.access)).statusCode).toBe(200);
  });

  it("refuses a wrong password and a body without a proof, each with a 400", async () => {
    const user = await signUp(context.app);
    const wrong = await reauthenticate(user.access, { password: "not my password" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: "wrong_password", message: expect.stringMatching(/^password: /) });
    for (const payload of [{}, { unknown: "x" }, { password: 42 }]) {
      const response = await reauthenticate(user.access, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe("invalid_input");
    }
  });

  it("gives nothing to a token whose session ended, nor to a refresh token", async () => {
    const user = await signUp(context.app);
    expect((await reauthenticate(user.refresh, { password: PASSWORD })).statusCode).toBe(401);
    await context.app.inject({ method: "POST", url: "/jwt-allauth/logout/", payload: { refresh: user.refresh } });
    const ended = await reauthenticate(user.access, { password: PASSWORD });
    expect(ended.statusCode).toBe(401);
    expect(ended.json().code).toBe("token_not_valid");
  });

  it("ends the session of a token guessing the password through reauthentication, past the per-account limit", async () => {
    const limited = await buildApp(context.database, { RATE_LIMIT: "true" });
    try {
      const user = await signUp(limited);
      const { max } = RATE_LIMITS.reauthenticate;
      for (let i = 0; i < max; i++) {
        const guess = await limited.inject({ method: "POST", url: "/jwt-allauth/reauthenticate/", headers: bearer(user.access), payload: { password: `guess ${i}` }, remoteAddress: `10.7.${i}.1` });
        expect(guess.statusCode).toBe(400);
      }
      const over = await limited.inject({ method: "POST", url: "/jwt-allauth/reauthenticate/", headers: bearer(user.access), payload: { password: PASSWORD }, remoteAddress: "10.7.200.1" });
      expect(over.statusCode).toBe(429);
      expect((await limited.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: user.refresh } })).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it("reads REAUTHENTICATION_MAX_AGE as a duration, and names it when it is not one", () => {
    expect(loadSettings(testEnv({ REAUTHENTICATION_MAX_AGE: "2m" })).reauthenticationMaxAge).toBe(2 * MINUTE);
    expect(loadSettings(testEnv()).reauthenticationMaxAge).toBe(10 * MINUTE);
    expect(() => loadSettings(testEnv({ REAUTHENTICATION_MAX_AGE: "soon" }))).toThrow(/^REAUTHENTICATION_MAX_AGE must be a positive duration/);
  });
});
