// The seam between the account routes and email. Routes call these verbs and move on: the work
// (token, rendering, SMTP) runs in the outbox after the answer, so an email failure never loses an
// account or changes an answer (which would reveal accounts); failures are logged, and asking
// again sends a fresh link.
import type { FastifyBaseLogger } from "fastify";
import type { Clock } from "./clock.js";
import { createMailer } from "./mail/create-mailer.js";
import { describeDuration } from "./mail/describe-duration.js";
import { loadEmailTemplates, type EmailContexts, type EmailKind } from "./mail/email-templates.js";
import type { Mailer } from "./mail/mailer.js";
import { createOutbox } from "./mail/outbox.js";
import { createOneTimeTokens } from "./one-time-tokens.js";
import { AUTH_PATH } from "./routes/refresh-transport.js";
import type { Settings } from "./settings.js";
import type { Store, UserRecord } from "./store/index.js";

export type { Mailer } from "./mail/mailer.js";

export interface AccountEmails {
  /** Mails a fresh email-verification link to the user (superseding older links). */
  sendVerification(user: UserRecord): Promise<void>;
  /** Someone tried to register an existing email: tell its owner, without telling the requester. */
  sendAccountExists(email: string): Promise<void>;
  /** Mails a fresh password-reset link to the user (superseding older links). */
  sendPasswordReset(user: UserRecord): Promise<void>;
  /** Waits for emails still being sent, then closes the transport (the app's onClose). */
  close(): Promise<void>;
}

export interface AccountEmailsDeps {
  settings: Settings;
  store: Store;
  log: FastifyBaseLogger;
  /** Replaces the SMTP/console backend chosen from the settings. */
  mailer: Mailer | undefined;
  clock: Clock;
}

/**
 * Throws at boot when a template is missing or broken (the message names the file). Links are
 * built from PUBLIC_URL, never from the request's Host header (reset-link poisoning).
 */
export function createAccountEmails({ settings, store, log, mailer, clock }: AccountEmailsDeps): AccountEmails {
  const { email, publicUrl } = settings;
  const templates = loadEmailTemplates(email.templates);
  const transport = mailer ?? createMailer(email, log);
  const tokens = createOneTimeTokens(store, clock);
  const outbox = createOutbox(log);

  const deliver = async <K extends EmailKind>(kind: K, to: string, context: EmailContexts[K]) => {
    await transport.send({ to, ...templates.render(kind, context) });
  };
  // Names are whatever the registering client typed (URLs included): they reach an inbox only once
  // its owner has proved it is theirs, never in mail to an address an attacker may have borrowed.
  const recipient = (user: UserRecord) => {
    const named = user.emailVerified;
    return { email: user.email, firstName: named ? user.firstName : "", lastName: named ? user.lastName : "", publicUrl };
  };
  const resetLink = async (user: UserRecord) => {
    const token = await tokens.issue(user.id, "password_reset", email.passwordResetTokenLifetime);
    return { link: passwordResetLink(settings, token), expiresIn: describeDuration(email.passwordResetTokenLifetime) };
  };

  return {
    async sendVerification(user) {
      outbox.post("verification", async () => {
        const key = await tokens.issue(user.id, "email_verification", email.verificationTokenLifetime);
        const link = `${publicUrl}${AUTH_PATH}/registration/verification/${key}/`;
        await deliver("emailVerification", user.email, { ...recipient(user), link, expiresIn: describeDuration(email.verificationTokenLifetime) });
      });
    },
    async sendAccountExists(address) {
      outbox.post("account-exists", async () => {
        const user = await store.findUserByEmail(address);
        if (!user) return;
        // An unverified account may be an attacker's pre-registration with a password of their
        // own: the owner is sent to a reset (which verifies and ends every session), never to
        // re-confirm that account.
        const reset = user.emailVerified ? { link: "", expiresIn: "" } : await resetLink(user);
        await deliver("accountExists", user.email, { ...recipient(user), emailVerified: user.emailVerified, ...reset });
      });
    },
    async sendPasswordReset(user) {
      outbox.post("password-reset", async () => {
        await deliver("passwordReset", user.email, { ...recipient(user), ...(await resetLink(user)) });
      });
    },
    async close() {
      await outbox.drain();
      transport.close?.();
    },
  };
}

/** `<PASSWORD_RESET_REDIRECT or the default form>?token=...`, keeping any query the redirect has. */
function passwordResetLink(settings: Settings, token: string): string {
  const url = new URL(settings.email.passwordResetRedirect ?? `${settings.publicUrl}${AUTH_PATH}/password/reset/default/`);
  url.searchParams.set("token", token);
  return url.toString();
}
