// POST /password/change/: old password checked, policy applied, every other session ended,
// fresh tokens for this device.
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, login, PASSWORD, signUp, useApp } from "./support/app.js";

const NEW_PASSWORD = "an entirely new passphrase";

describe.each(PROVIDERS)("password change on %s", (provider) => {
  const context = useApp(provider);
  const change = (access: string, payload: object) =>
    context.app.inject({ method: "POST", url: "/jwt-allauth/password/change/", headers: bearer(access), payload });
  const refresh = (token: string) => context.app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: token } });

  it("changes the password, ends the other sessions and returns working tokens", async () => {
    const user = await signUp(context.app);
    const laptop = (await login(context.app, user.email)).json();
    const response = await change(user.access, { oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(["access", "detail", "refresh"]);
    expect((await refresh(laptop.refresh)).statusCode).toBe(401);
    expect((await refresh(user.refresh)).statusCode).toBe(401);
    expect((await refresh(body.refresh)).statusCode).toBe(200);
    expect((await context.app.inject({ method: "GET", url: "/hello", headers: bearer(body.access) })).statusCode).toBe(200);
    expect((await login(context.app, user.email)).statusCode).toBe(401);
    expect((await login(context.app, user.email, NEW_PASSWORD)).statusCode).toBe(200);
    const reasons = await context.database.prisma.session.findMany({ where: { userId: user.userId, revokedAt: { not: null } } });
    expect(reasons.map((session) => session.revokedReason)).toEqual(["password_changed", "password_changed"]);
    expect(await context.database.prisma.auditEvent.count({ where: { userId: user.userId, type: "password_changed" } })).toBe(1);
  });

  it("refuses a wrong old password and keeps everything as it was", async () => {
    const user = await signUp(context.app);
    const response = await change(user.access, { oldPassword: "not my password", newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "wrong_password", message: expect.stringMatching(/^oldPassword/) });
    expect((await refresh(user.refresh)).statusCode).toBe(200);
  });

  it("applies the password policy to the new password", async () => {
    const user = await signUp(context.app);
    const response = await change(user.access, { oldPassword: PASSWORD, newPassword: "qwertyuiop" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "password_too_common", message: expect.stringMatching(/^newPassword/) });
    expect((await change(user.access, { oldPassword: PASSWORD })).json().message).toMatch(/newPassword/);
  });

  it("requires an access token", async () => {
    const response = await context.app.inject({ method: "POST", url: "/jwt-allauth/password/change/", payload: { oldPassword: "a", newPassword: "b" } });
    expect(response.statusCode).toBe(401);
  });
});
