// Issue 8, item 6: the email work a real account causes (token write, rendering, SMTP) used to
// start right after the answer and slowed the next request, which told a blind attacker which
// addresses have accounts. It now starts at a random moment up to a second later. No timing is
// asserted here (bench/enumeration-timing.ts measures it statistically): mocked timers show that
// nothing of the work runs until the outbox's delay has passed.
import { afterEach, describe, expect, it, vi } from "vitest";
import { OUTBOX_DELAY_MS } from "../../src/runtime/mail/outbox.js";
import { buildApp, RecordingMailer, signUp, useApp } from "../runtime/support/app.js";

describe("email work after a password reset", () => {
  const context = useApp("sqlite");
  afterEach(() => vi.useRealTimers());

  it("does not start on the heels of the answer, only after the outbox's random delay", async () => {
    const mailer = new RecordingMailer();
    const app = await buildApp(context.database, {}, mailer);
    try {
      const user = await signUp(app);
      vi.useFakeTimers({ toFake: ["setTimeout"] });
      const answer = await app.inject({ method: "POST", url: "/jwt-allauth/password/reset/", payload: { email: user.email } });
      expect(answer.statusCode).toBe(200);
      // Plenty of event-loop turns for work started at once: its first step writes the reset token.
      for (let turn = 0; turn < 500; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(await context.database.prisma.oneTimeToken.count({ where: { userId: user.userId } })).toBe(0);

      vi.advanceTimersByTime(OUTBOX_DELAY_MS.max);
      vi.useRealTimers();
      const [mail] = await mailer.waitFor(1);
      expect(mail?.to).toBe(user.email);
      expect(await context.database.prisma.oneTimeToken.count({ where: { userId: user.userId } })).toBe(1);
    } finally {
      vi.useRealTimers();
      await app.close();
    }
  });
});
