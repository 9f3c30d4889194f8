// POST /login/: credentials, enumeration resistance, inactive users, rehash on login.
import { Algorithm, hash } from "@node-rs/argon2";
import { describe, expect, it, vi } from "vitest";
import { ARGON2_LIMIT } from "../../src/runtime/passwords.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { login, PASSWORD, signUp, uniqueEmail, useApp } from "./support/app.js";

describe.each(PROVIDERS)("login on %s", (provider) => {
  const context = useApp(provider);

  it("returns tokens and the user", async () => {
    const user = await signUp(context.app);
    const response = await login(context.app, user.email);
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(["access", "refresh", "user"]);
    expect(body.user).toMatchObject({ id: user.userId, email: user.email });
    // Each login is its own device session.
    expect(await context.database.prisma.session.count({ where: { userId: user.userId } })).toBe(2);
  });

  it("gives an unknown email and a wrong password the same answer", async () => {
    const user = await signUp(context.app);
    const unknown = await login(context.app, uniqueEmail("nobody"));
    const wrong = await login(context.app, user.email, "not the password");
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(unknown.json()).toMatchObject({ code: "invalid_credentials", error: "Unauthorized" });
  });

  it("spends an argon2 verification on unknown emails too (no timing oracle)", async () => {
    const user = await signUp(context.app);
    // Counted, not timed: the work is what makes the two answers take as long, and a count does
    // not flake on a busy machine. The first unknown email also hashes the dummy password once.
    await login(context.app, uniqueEmail("warm-up"), "not the password");
    const run = vi.spyOn(ARGON2_LIMIT, "run");
    try {
      await login(context.app, user.email, "not the password");
      const known = run.mock.calls.length;
      await login(context.app, uniqueEmail("nobody"), "not the password");
      expect(known).toBe(1);
      expect(run.mock.calls.length - known).toBe(known);
    } finally {
      run.mockRestore();
    }
  });

  it("refuses an inactive user, but only after the password is right", async () => {
    const user = await signUp(context.app);
    await context.database.prisma.user.update({ where: { id: user.userId }, data: { isActive: false } });
    const response = await login(context.app, user.email);
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("account_inactive");
    expect((await login(context.app, user.email, "not the password")).json().code).toBe("invalid_credentials");
  });

  it("rehashes a password stored with older argon2 parameters", async () => {
    const email = uniqueEmail();
    const weak = await hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await context.database.prisma.user.create({ data: { email, passwordHash: weak } });
    expect((await login(context.app, email)).statusCode).toBe(200);
    const { passwordHash } = await context.database.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(passwordHash).not.toBe(weak);
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login(context.app, email)).statusCode).toBe(200);
  });

  it("treats a corrupt stored hash as a failed login, not a 500", async () => {
    const email = uniqueEmail();
    await context.database.prisma.user.create({ data: { email, passwordHash: "not-a-phc-string" } });
    expect((await login(context.app, email)).json().code).toBe("invalid_credentials");
  });

  it("records the device: IP, user agent, browser, OS and device type", async () => {
    const user = await signUp(context.app);
    const iphone =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    const body = (await login(context.app, user.email, PASSWORD, { "user-agent": iphone })).json();
    const sid = JSON.parse(Buffer.from(body.access.split(".")[1], "base64url").toString()).sid;
    const session = await context.database.prisma.session.findUniqueOrThrow({ where: { id: sid } });
    expect(session).toMatchObject({ ip: "127.0.0.1", userAgent: iphone, browser: "Mobile Safari 17", os: "iOS 17.4", device: "mobile" });
  });
});
