// GET and PATCH /user/.
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, signUp, useApp } from "./support/app.js";

describe.each(PROVIDERS)("user details on %s", (provider) => {
  const context = useApp(provider);
  const user = (method: "GET" | "PATCH", access: string, payload?: object) =>
    context.app.inject({ method, url: "/jwt-allauth/user/", headers: bearer(access), payload });

  it("returns the user's details", async () => {
    const account = await signUp(context.app);
    const response = await user("GET", account.access);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: account.userId, email: account.email, firstName: "", lastName: "", emailVerified: false });
  });

  it("updates names, and never the email", async () => {
    const account = await signUp(context.app);
    const response = await user("PATCH", account.access, { firstName: "Grace", lastName: "Hopper" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ firstName: "Grace", lastName: "Hopper", email: account.email });
    expect((await user("PATCH", account.access, { lastName: "H." })).json()).toMatchObject({ firstName: "Grace", lastName: "H." });
    // The email is read-only: an `email` field is refused, and nothing changes.
    const withEmail = await user("PATCH", account.access, { email: "new@example.com", firstName: "G." });
    expect(withEmail.json()).toMatchObject({ statusCode: 400, code: "invalid_input", message: "body/email is not a known field" });
    expect((await user("GET", account.access)).json().firstName).toBe("Grace");
    expect((await user("GET", account.access)).json().email).toBe(account.email);
  });

  it("refuses names that are too long or not strings", async () => {
    const account = await signUp(context.app);
    expect((await user("PATCH", account.access, { firstName: "x".repeat(151) })).json().message).toMatch(/firstName/);
    expect((await user("PATCH", account.access, { lastName: { a: 1 } })).json().message).toMatch(/lastName/);
  });

  it("requires an access token, and without the header says which header to send", async () => {
    const response = await context.app.inject({ method: "GET", url: "/jwt-allauth/user/" });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe("token_not_valid");
    expect(response.json().message).toMatch(/Authorization: Bearer/);
    // A token that is there but bad keeps the one answer for every failure, so probing learns nothing.
    const forged = await user("GET", "not-a-token");
    expect(forged.json()).toMatchObject({ code: "token_not_valid", message: "Token is invalid or expired" });
  });

  it("answers 401 for a deleted user's still-valid access token", async () => {
    const account = await signUp(context.app);
    await context.database.prisma.user.delete({ where: { id: account.userId } });
    expect((await user("GET", account.access)).statusCode).toBe(401);
  });
});
