// Issue 8, "Also": the auth routes take exactly what they document. A body field they do not know
// is refused with a 400 naming it (validation.ts promised unknown fields never pass; no schema
// enforced it), and an Authorization header must be exactly "Bearer <one token>".
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, PASSWORD, signUp, uniqueEmail, useApp } from "../runtime/support/app.js";

describe.each(PROVIDERS)("request shape on %s", (provider) => {
  const context = useApp(provider);

  it.each([
    ["POST", "/registration/", { email: "unknown-field@example.com", password: PASSWORD, emailVerified: true }, "emailVerified"],
    ["POST", "/login/", { email: "a@example.com", password: "x", remember: true }, "remember"],
    ["POST", "/password/reset/", { email: "a@example.com", redirect: "https://evil.test" }, "redirect"],
    ["PATCH", "/user/", { first_name: "Ada" }, "first_name"],
  ] as const)("%s %s refuses an unknown field with 400 invalid_input naming it", async (method, url, payload, field) => {
    const user = await signUp(context.app);
    const response = await context.app.inject({ method, url: `/jwt-allauth${url}`, payload, headers: bearer(user.access) });
    expect(response.json()).toMatchObject({ statusCode: 400, code: "invalid_input", message: `body/${field} is not a known field` });
  });

  it("still creates nothing for a registration with an unknown field", async () => {
    const email = uniqueEmail();
    await context.app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: { email, password: PASSWORD, isActive: false } });
    expect(await context.database.prisma.user.findUnique({ where: { email } })).toBeNull();
  });

  it.each([
    (token: string) => `Bearer ${token} extra`,
    (token: string) => `Bearer ${token} ${token}`,
    (token: string) => `Bearer ${token},Bearer ${token}`,
    (token: string) => `Bearer\t${token}`,
    (token: string) => `Basic ${token}`,
  ])("refuses the Authorization header %s with 401", async (header) => {
    const user = await signUp(context.app);
    expect((await context.app.inject({ method: "GET", url: "/hello", headers: { authorization: `Bearer ${user.access}` } })).statusCode).toBe(200);
    const response = await context.app.inject({ method: "GET", url: "/hello", headers: { authorization: header(user.access) } });
    expect(response.json()).toMatchObject({ statusCode: 401, code: "token_not_valid" });
  });
});
