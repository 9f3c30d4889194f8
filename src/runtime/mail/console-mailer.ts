import type { FastifyBaseLogger } from "fastify";
import type { Mailer } from "./mailer.js";

/**
 * Development backend used when EMAIL_HOST is empty: each email is written to the log with
 * its plain-text part, which carries the link. Settings refuse it when NODE_ENV=production,
 * because there it would silently swallow every verification and reset email.
 */
export function createConsoleMailer(log: FastifyBaseLogger): Required<Mailer> {
  return {
    async send(message) {
      log.info(
        { email: { to: message.to, subject: message.subject } },
        `email (console backend, not sent)\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.text}`,
      );
    },
    close() {},
  };
}
