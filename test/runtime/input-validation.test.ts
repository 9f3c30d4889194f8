// Malformed input is a 4xx naming the field, never a 5xx: wrong types, missing fields, huge
// bodies, non-JSON, and a small random fuzz over every JSON route.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, signUp, useApp } from "./support/app.js";

const JSON_ROUTES = [
  "/registration/",
  "/login/",
  "/refresh/",
  "/logout/",
  "/logout-all/",
  "/password/change/",
  "/registration/verification/",
  "/registration/resend-verification/",
  "/password/reset/",
  "/password/reset/confirm/",
];

describe.each(PROVIDERS)("input validation on %s", (provider) => {
  const context = useApp(provider);
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    context.app.inject({
      method: "POST",
      url: `/jwt-allauth${url}`,
      headers: { "content-type": "application/json", ...headers },
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
    });

  it.each([
    ["/login/", { password: "x" }, "email"],
    ["/login/", { email: "a@example.com" }, "password"],
    ["/login/", { email: ["a@example.com"], password: "x" }, "email"],
    ["/login/", { email: "a@example.com", password: { $ne: null } }, "password"],
    ["/registration/", { email: "a@example.com", password: "a fine passphrase", firstName: ["x"] }, "firstName"],
    ["/registration/", { email: "x".repeat(400) + "@example.com", password: "a fine passphrase" }, "email"],
    ["/refresh/", { refresh: 42 }, "refresh"],
    ["/refresh/", { refresh: "x".repeat(5000) }, "refresh"],
  ])("answers 400 invalid_input naming the field for POST %s %j", async (url, payload, field) => {
    const response = await post(url, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, code: "invalid_input", error: "Bad Request" });
    expect(response.json().message).toContain(field);
  });

  it("answers 400 invalid_json for a body that is not JSON", async () => {
    const response = await post("/login/", "{not json");
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("invalid_json");
  });

  it("answers 415 for a form body, and 400 for text (Fastify parses text/plain as a string)", async () => {
    const send = (type: string) =>
      context.app.inject({ method: "POST", url: "/jwt-allauth/login/", headers: { "content-type": type }, payload: "email=a@example.com" });
    const form = await send("application/x-www-form-urlencoded");
    expect(form.statusCode).toBe(415);
    expect(form.json().code).toBe("unsupported_media_type");
    const text = await send("text/plain");
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ code: "invalid_input", message: "body must be object" });
  });

  it("refuses control characters in text that reaches the database (PostgreSQL refuses NUL)", async () => {
    const user = await signUp(context.app);
    expect((await post("/login/", { email: "a\u0000@example.com", password: "x" })).json().message).toContain("email");
    const patch = await context.app.inject({ method: "PATCH", url: "/jwt-allauth/user/", headers: bearer(user.access), payload: { firstName: "a\u0000b" } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().message).toContain("firstName");
  });

  it("answers 413 for a body over the limit, before parsing it", async () => {
    const response = await post("/login/", { email: "a@example.com", password: "x".repeat(64 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe("body_too_large");
  });

  it("answers 400 for a JSON body that is not an object", async () => {
    for (const payload of ["[]", "42", '"text"', "null"]) {
      const response = await post("/login/", payload);
      expect(response.statusCode, payload).toBe(400);
    }
  });

  it("never answers 5xx to random bodies on any JSON route", async () => {
    const user = await signUp(context.app);
    const values = [null, true, 0, -1, 1e308, "", "x".repeat(300), "\u0000", "😀".repeat(10), [], {}, { a: 1 }, ["a"]];
    const fields = ["email", "password", "refresh", "oldPassword", "newPassword", "firstName", "key", "token", "__proto__", "constructor"];
    const pick = <T>(list: T[]) => list[randomBytes(1)[0]! % list.length]!;
    for (const url of JSON_ROUTES) {
      for (let i = 0; i < 15; i++) {
        const body: Record<string, unknown> = {};
        for (let j = 0; j < 3; j++) body[pick(fields)] = pick(values);
        const response = await post(url, body, bearer(user.access));
        expect(response.statusCode, `${url} ${JSON.stringify(body)} -> ${response.body}`).toBeLessThan(500);
        expect(response.json().statusCode ?? 200, url).toBeLessThan(500);
      }
      const garbage = await post(url, randomBytes(64).toString("latin1"));
      expect(garbage.statusCode, url).toBeLessThan(500);
    }
  });

  it("never answers 5xx to odd path parameters", async () => {
    const user = await signUp(context.app);
    for (const id of ["x", "%00", "..%2F..", "a".repeat(65), "' OR 1=1 --"]) {
      const response = await context.app.inject({ method: "DELETE", url: `/jwt-allauth/sessions/${id}/`, headers: bearer(user.access) });
      expect([400, 404], id).toContain(response.statusCode);
    }
  });
});
