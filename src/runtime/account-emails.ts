// The seam between the account routes and email. Routes call these verbs and move on: an email
// failure must never lose an account or change an answer (which would reveal accounts), so
// implementations log failures instead of throwing.
import type { FastifyBaseLogger } from "fastify";
import type { Settings } from "./settings.js";
import type { Store, UserRecord } from "./store/index.js";

export interface AccountEmails {
  /** Mails a fresh email-verification link to the user. */
  sendVerification(user: UserRecord): Promise<void>;
  /** Someone tried to register an existing email: tell its owner, without telling the requester. */
  sendAccountExists(email: string): Promise<void>;
  /** Mails a fresh password-reset link to the user. */
  sendPasswordReset(user: UserRecord): Promise<void>;
}

/** Delivers one message; the email module provides SMTP and console backends. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string; html?: string }): Promise<void>;
}

export interface AccountEmailsDeps {
  settings: Settings;
  store: Store;
  log: FastifyBaseLogger;
  mailer: Mailer | undefined;
}

export function createAccountEmails({ log }: AccountEmailsDeps): AccountEmails {
  // Placeholder until the email module lands: records the intent, sends nothing.
  return {
    async sendVerification(user) {
      log.info({ userId: user.id }, "jwt-allauth: verification email requested");
    },
    async sendAccountExists() {
      log.info("jwt-allauth: account-exists email requested");
    },
    async sendPasswordReset(user) {
      log.info({ userId: user.id }, "jwt-allauth: password-reset email requested");
    },
  };
}
