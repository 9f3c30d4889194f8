// Issue 8, item 9: with JWT_ACCESS_SESSION_CHECK=true an ended session loses its access token at
// once on the instance that ended it, whatever ended it. A password reset used to end the
// sessions through the store directly, so the instance's liveness cache kept the old access
// token working for up to 5 seconds.
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, buildApp, RecordingMailer, signUp, useApp } from "../runtime/support/app.js";

describe.each(PROVIDERS)("ending sessions on %s", (provider) => {
  const context = useApp(provider);

  it("a password reset refuses the old access token at once, on the instance that did it", async () => {
    const mailer = new RecordingMailer();
    const app = await buildApp(context.database, { JWT_ACCESS_SESSION_CHECK: "true" }, mailer);
    try {
      const user = await signUp(app);
      // Cached as live for 5 seconds.
      expect((await app.inject({ method: "GET", url: "/hello", headers: bearer(user.access) })).statusCode).toBe(200);

      await app.inject({ method: "POST", url: "/jwt-allauth/password/reset/", payload: { email: user.email } });
      const [mail] = await mailer.waitFor(1);
      const token = /token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1];
      const reset = await app.inject({ method: "POST", url: "/jwt-allauth/password/reset/confirm/", payload: { token, newPassword: "a brand new passphrase" } });
      expect(reset.statusCode).toBe(200);

      const after = await app.inject({ method: "GET", url: "/hello", headers: bearer(user.access) });
      expect(after.json()).toMatchObject({ statusCode: 401, code: "token_not_valid" });
    } finally {
      await app.close();
    }
  });
});
