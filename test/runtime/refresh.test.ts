// Refresh-token rotation: one conditional update, reuse detection per device, the grace window
// that returns the identical successor, and races.
import { afterEach, describe, expect, it, vi } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, buildApp, login, signUp, useApp } from "./support/app.js";

describe.each(PROVIDERS)("refresh on %s", (provider) => {
  const context = useApp(provider);
  afterEach(() => vi.useRealTimers());
  const refresh = (token: string) => context.app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: token } });
  const sessionOf = (token: string) =>
    context.database.prisma.session.findUniqueOrThrow({ where: { id: JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sid } });
  const at = (iso: string) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(iso));
  };

  it("rotates: new access and refresh tokens, the old refresh token is no longer current", async () => {
    const user = await signUp(context.app);
    const response = await refresh(user.refresh);
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(["access", "refresh"]);
    expect(body.refresh).not.toBe(user.refresh);
    expect((await context.app.inject({ method: "GET", url: "/hello", headers: bearer(body.access) })).statusCode).toBe(200);
    const session = await sessionOf(body.refresh);
    expect(session.previousJti).not.toBeNull();
    expect(session.rotatedAt).not.toBeNull();
    expect((await refresh(body.refresh)).statusCode).toBe(200);
  });

  it("costs ONE SQL statement: the conditional update returning the user's flags", async () => {
    const user = await signUp(context.app);
    context.database.queries.length = 0;
    const response = await refresh(user.refresh);
    expect(response.statusCode).toBe(200);
    expect(context.database.queries).toHaveLength(1);
    expect(context.database.queries[0]).toMatch(/^\s*UPDATE "Session"\s+SET .* WHERE "id" = .* AND "jti" = .* AND "revokedAt" IS NULL AND "expiresAt" > /s);
    expect(context.database.queries[0]).toMatch(/RETURNING .*"isActive".*"emailVerified"/s);
    // The flags it returned reach the token: verify the email, and the next access token says so.
    await context.database.prisma.user.updateMany({ data: { emailVerified: true } });
    const access = (await refresh(response.json().refresh)).json().access;
    expect(JSON.parse(Buffer.from(access.split(".")[1]!, "base64url").toString()).email_verified).toBe(true);
  });

  it("inside the grace window, the previous token gets the identical successor back", async () => {
    at("2030-01-01T00:00:00Z");
    const user = await signUp(context.app);
    const first = (await refresh(user.refresh)).json();
    vi.setSystemTime(new Date("2030-01-01T00:00:09Z"));
    const again = await refresh(user.refresh);
    expect(again.statusCode).toBe(200);
    expect(again.json().refresh).toBe(first.refresh);
    // Nothing was revoked, and the successor still rotates normally.
    expect((await sessionOf(user.refresh)).revokedAt).toBeNull();
    expect((await refresh(first.refresh)).statusCode).toBe(200);
  });

  it("after the grace window, reuse ends that session only and writes an audit event", async () => {
    at("2030-01-01T00:00:00Z");
    const user = await signUp(context.app);
    const otherDevice = (await login(context.app, user.email)).json();
    const successor = (await refresh(user.refresh)).json();
    vi.setSystemTime(new Date("2030-01-01T00:00:11Z"));
    const reuse = await refresh(user.refresh);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe("token_not_valid");
    const session = await sessionOf(user.refresh);
    expect(session.revokedReason).toBe("reuse_detected");
    // The thief's copy and the victim's successor are both dead now...
    expect((await refresh(successor.refresh)).statusCode).toBe(401);
    // ...but the user's other device is untouched.
    expect((await refresh(otherDevice.refresh)).statusCode).toBe(200);
    const events = await context.database.prisma.auditEvent.findMany({ where: { userId: user.userId, type: "refresh_token_reuse" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.sessionId).toBe(session.id);
  });

  it("treats an older token than the immediately previous one as reuse, even inside the window", async () => {
    at("2030-01-01T00:00:00Z");
    const user = await signUp(context.app);
    const second = (await refresh(user.refresh)).json();
    const third = (await refresh(second.refresh)).json();
    expect((await refresh(user.refresh)).statusCode).toBe(401);
    expect((await sessionOf(third.refresh)).revokedReason).toBe("reuse_detected");
  });

  it("refuses a refresh for an inactive user and ends the session", async () => {
    const user = await signUp(context.app);
    await context.database.prisma.user.update({ where: { id: user.userId }, data: { isActive: false } });
    const response = await refresh(user.refresh);
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("account_inactive");
    expect((await sessionOf(user.refresh)).revokedReason).toBe("user_inactive");
  });

  it("refuses a refresh for a revoked session", async () => {
    const user = await signUp(context.app);
    await context.app.inject({ method: "POST", url: "/jwt-allauth/logout/", payload: { refresh: user.refresh } });
    expect((await refresh(user.refresh)).json().code).toBe("token_not_valid");
  });

  it("caps a session at JWT_SESSION_MAX_LIFETIME however often it is refreshed", async () => {
    const capped = await buildApp(context.database, { JWT_SESSION_MAX_LIFETIME: "1h", JWT_REFRESH_TOKEN_LIFETIME: "30m" });
    try {
      at("2030-01-01T00:00:00Z");
      const user = await signUp(capped);
      let token = user.refresh;
      for (const time of ["00:20", "00:40", "00:59"]) {
        vi.setSystemTime(new Date(`2030-01-01T${time}:00Z`));
        const response = await capped.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: token } });
        expect(response.statusCode, time).toBe(200);
        token = response.json().refresh;
      }
      vi.setSystemTime(new Date("2030-01-01T01:00:01Z"));
      const late = await capped.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: token } });
      expect(late.statusCode).toBe(401);
    } finally {
      await capped.close();
    }
  });

  it("requires a refresh token", async () => {
    const response = await context.app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: {} });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe("token_not_valid");
  });

  it("of 20 concurrent refreshes with one token, exactly one rotates and all get the same successor", async () => {
    const user = await signUp(context.app);
    const responses = await Promise.all(Array.from({ length: 20 }, () => refresh(user.refresh)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(200));
    const successors = new Set(responses.map((response) => response.json().refresh));
    expect(successors.size).toBe(1);
    const sessions = await context.database.prisma.session.findMany({ where: { userId: user.userId } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.revokedAt).toBeNull();
    // The one successor is the session's current token, and it rotates.
    expect((await refresh([...successors][0]!)).statusCode).toBe(200);
  });
});
