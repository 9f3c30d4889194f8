// REFRESH_TOKEN_TRANSPORT=cookie|both: the HttpOnly cookie and the CSRF header it requires.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_HEADER } from "../../src/runtime/routes/refresh-transport.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildApp, PASSWORD, register, signUp, uniqueEmail, useApp } from "./support/app.js";

function refreshCookie(response: LightMyRequestResponse) {
  return response.cookies.find((cookie) => cookie.name === "refresh_token");
}

describe.each(PROVIDERS)("cookie transport on %s", (provider) => {
  const context = useApp(provider, { REFRESH_TOKEN_TRANSPORT: "cookie" });
  const post = (url: string, cookie?: string, headers: Record<string, string> = {}, payload?: object) =>
    context.app.inject({
      method: "POST",
      url: `/jwt-allauth${url}`,
      headers: { ...headers, ...(cookie ? { cookie: `refresh_token=${cookie}` } : {}) },
      payload,
    });

  it("sets an HttpOnly, Secure, SameSite=Strict cookie scoped to /jwt-allauth, and keeps the token out of the body", async () => {
    const response = await register(context.app);
    expect(response.statusCode).toBe(201);
    expect(response.json().refresh).toBeUndefined();
    const cookie = refreshCookie(response)!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/jwt-allauth", maxAge: 14 * 86_400 });
    expect(cookie.value.split(".")).toHaveLength(3);
  });

  it("refreshes from the cookie when the CSRF header is present", async () => {
    const cookie = refreshCookie(await register(context.app))!.value;
    const response = await post("/refresh/", cookie, { [CSRF_HEADER]: "1" });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json())).toEqual(["access"]);
    const next = refreshCookie(response)!.value;
    expect(next).not.toBe(cookie);
    expect((await post("/refresh/", next, { [CSRF_HEADER]: "1" })).statusCode).toBe(200);
  });

  it("refuses a cookie-authenticated refresh or logout without the CSRF header", async () => {
    const cookie = refreshCookie(await register(context.app))!.value;
    const refresh = await post("/refresh/", cookie);
    expect(refresh.statusCode).toBe(403);
    expect(refresh.json().code).toBe("csrf_failed");
    expect((await post("/logout/", cookie)).statusCode).toBe(403);
    // Nothing was rotated or ended by the refused requests.
    expect((await post("/refresh/", cookie, { [CSRF_HEADER]: "1" })).statusCode).toBe(200);
  });

  it("ignores a refresh token in the body in cookie mode", async () => {
    const cookie = refreshCookie(await register(context.app))!.value;
    const response = await post("/refresh/", undefined, {}, { refresh: cookie });
    expect(response.statusCode).toBe(401);
  });

  it("logs out from the cookie and clears it", async () => {
    const cookie = refreshCookie(await register(context.app))!.value;
    const response = await post("/logout/", cookie, { [CSRF_HEADER]: "1" });
    expect(response.statusCode).toBe(200);
    const cleared = refreshCookie(response)!;
    expect(cleared.value).toBe("");
    expect(cleared.path).toBe("/jwt-allauth");
    expect((await post("/refresh/", cookie, { [CSRF_HEADER]: "1" })).statusCode).toBe(401);
  });

  it("sets the cookie on login too", async () => {
    const email = uniqueEmail();
    await register(context.app, email);
    const response = await context.app.inject({ method: "POST", url: "/jwt-allauth/login/", payload: { email, password: PASSWORD } });
    expect(refreshCookie(response)?.httpOnly).toBe(true);
  });

  describe("with REFRESH_TOKEN_TRANSPORT=both", () => {
    let both: FastifyInstance;
    beforeAll(async () => {
      both = await buildApp(context.database, { REFRESH_TOKEN_TRANSPORT: "both" });
    });
    afterAll(() => both.close());

    it("sends the token in the body and the cookie, and accepts either", async () => {
      const user = await signUp(both);
      const viaBody = await both.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: user.refresh } });
      expect(viaBody.statusCode).toBe(200);
      const body = viaBody.json();
      expect(refreshCookie(viaBody)!.value).toBe(body.refresh);
      const viaCookie = await both.inject({
        method: "POST",
        url: "/jwt-allauth/refresh/",
        headers: { cookie: `refresh_token=${body.refresh}`, [CSRF_HEADER]: "1" },
      });
      expect(viaCookie.statusCode).toBe(200);
    });
  });

  describe("in development", () => {
    it("drops the Secure flag so http://localhost works", async () => {
      const dev = await buildApp(context.database, { REFRESH_TOKEN_TRANSPORT: "cookie", NODE_ENV: "development" });
      try {
        expect(refreshCookie(await register(dev))!.secure).toBeFalsy();
      } finally {
        await dev.close();
      }
    });
  });
});
