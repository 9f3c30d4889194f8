// Device sessions: list, revoke one, logout (refresh or access token), logout-all, and the
// optional per-request session check.
import { afterEach, describe, expect, it, vi } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, buildApp, login, signUp, useApp } from "./support/app.js";

describe.each(PROVIDERS)("sessions on %s", (provider) => {
  const context = useApp(provider);
  afterEach(() => vi.useRealTimers());
  const inject = (method: "GET" | "POST" | "DELETE", url: string, access?: string, payload?: object) =>
    context.app.inject({ method, url: `/jwt-allauth${url}`, headers: access ? bearer(access) : {}, payload });
  const refresh = (token: string) => inject("POST", "/refresh/", undefined, { refresh: token });

  it("lists the user's live sessions, marking the current one", async () => {
    const user = await signUp(context.app);
    const firefox = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
    await login(context.app, user.email, undefined, { "user-agent": firefox });
    await signUp(context.app); // someone else's session must not show up
    const response = await inject("GET", "/sessions/", user.access);
    expect(response.statusCode).toBe(200);
    const { sessions } = response.json();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session: { current: boolean }) => session.current)).toHaveLength(1);
    const other = sessions.find((session: { current: boolean }) => !session.current);
    expect(other).toMatchObject({ browser: "Firefox 125", os: "Ubuntu", device: "desktop", ip: "127.0.0.1", userAgent: firefox });
    expect(Object.keys(other).sort()).toEqual(["browser", "createdAt", "current", "device", "id", "ip", "lastUsedAt", "os", "userAgent"]);
    expect(new Date(other.createdAt).toISOString()).toBe(other.createdAt);
  });

  it("ends one device with DELETE /sessions/:id/ (204), and answers 404 for another user's session", async () => {
    const user = await signUp(context.app);
    const phone = (await login(context.app, user.email)).json();
    const stranger = await signUp(context.app);
    const { sessions } = (await inject("GET", "/sessions/", user.access)).json();
    const phoneSession = sessions.find((session: { current: boolean }) => !session.current);
    const strangerSid = JSON.parse(Buffer.from(stranger.refresh.split(".")[1]!, "base64url").toString()).sid;

    const foreign = await inject("DELETE", `/sessions/${strangerSid}/`, user.access);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe("not_found");
    expect((await refresh(stranger.refresh)).statusCode).toBe(200);

    const deleted = await inject("DELETE", `/sessions/${phoneSession.id}`, user.access);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    expect((await refresh(phone.refresh)).statusCode).toBe(401);
    expect((await inject("DELETE", `/sessions/${phoneSession.id}/`, user.access)).statusCode).toBe(404);
    expect((await inject("GET", "/sessions/", user.access)).json().sessions).toHaveLength(1);
  });

  it("logs out with the refresh token", async () => {
    const user = await signUp(context.app);
    const response = await inject("POST", "/logout/", undefined, { refresh: user.refresh });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ detail: expect.any(String) });
    expect((await refresh(user.refresh)).statusCode).toBe(401);
    // Logging out twice is not an error.
    expect((await inject("POST", "/logout/", undefined, { refresh: user.refresh })).statusCode).toBe(200);
    const revoked = await context.database.prisma.session.findFirstOrThrow({ where: { userId: user.userId } });
    expect(revoked.revokedReason).toBe("logout");
  });

  it("logs out with a Bearer access token", async () => {
    const user = await signUp(context.app);
    expect((await inject("POST", "/logout", user.access)).statusCode).toBe(200);
    expect((await refresh(user.refresh)).statusCode).toBe(401);
  });

  it("refuses a logout without a valid token", async () => {
    expect((await inject("POST", "/logout/")).statusCode).toBe(401);
    expect((await inject("POST", "/logout/", undefined, { refresh: "forged.token.value" })).statusCode).toBe(401);
    expect((await inject("POST", "/logout/", "forged.token.value")).statusCode).toBe(401);
  });

  it("logs out everywhere with /logout-all/, leaving other users alone", async () => {
    const user = await signUp(context.app);
    const second = (await login(context.app, user.email)).json();
    const stranger = await signUp(context.app);
    const response = await inject("POST", "/logout-all/", user.access);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ detail: expect.any(String), revoked: 2 });
    expect((await refresh(user.refresh)).statusCode).toBe(401);
    expect((await refresh(second.refresh)).statusCode).toBe(401);
    expect((await refresh(stranger.refresh)).statusCode).toBe(200);
    expect(await context.database.prisma.auditEvent.count({ where: { userId: user.userId, type: "logout_all" } })).toBe(1);
  });

  it("keeps access tokens valid until expiry after logout by default (no per-request query)", async () => {
    const user = await signUp(context.app);
    await inject("POST", "/logout/", user.access);
    expect((await context.app.inject({ method: "GET", url: "/hello", headers: bearer(user.access) })).statusCode).toBe(200);
  });

  it("with JWT_ACCESS_SESSION_CHECK, a revoked session's access token stops working, with cached checks", async () => {
    const app = await buildApp(context.database, { JWT_ACCESS_SESSION_CHECK: "true" });
    try {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
      const user = await signUp(app);
      const hello = () => app.inject({ method: "GET", url: "/hello", headers: bearer(user.access) });
      expect((await hello()).statusCode).toBe(200);
      context.database.queries.length = 0;
      for (let i = 0; i < 5; i++) expect((await hello()).statusCode).toBe(200);
      expect(context.database.queries).toHaveLength(0);
      // Revoked on this instance: refused at once.
      await app.inject({ method: "POST", url: "/jwt-allauth/logout/", payload: { refresh: user.refresh } });
      expect((await hello()).statusCode).toBe(401);

      // Revoked elsewhere (another instance, or the database directly): refused once the cache entry expires.
      const other = await signUp(app);
      const otherHello = () => app.inject({ method: "GET", url: "/hello", headers: bearer(other.access) });
      expect((await otherHello()).statusCode).toBe(200);
      await context.database.prisma.session.updateMany({ where: { userId: other.userId }, data: { revokedAt: new Date() } });
      expect((await otherHello()).statusCode).toBe(200);
      vi.setSystemTime(new Date("2030-01-01T00:00:06Z"));
      expect((await otherHello()).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
