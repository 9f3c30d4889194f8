import type { FastifyBaseLogger } from "fastify";
import type { Mailer } from "./mailer.js";

const RULE = "─".repeat(72);

/**
 * Development backend used when EMAIL_HOST is empty: each email's plain-text part (which carries
 * the link) is printed to the terminal as a readable block, as Django's console backend does,
 * not escaped inside a JSON log line; the log gets one line without the link. Settings refuse
 * this backend when NODE_ENV=production, where it would silently swallow every email.
 */
export function createConsoleMailer(log: FastifyBaseLogger, output: NodeJS.WritableStream = process.stdout): Required<Mailer> {
  return {
    async send(message) {
      output.write(
        `\n${RULE}\nEmail (console backend: printed, not sent; set EMAIL_HOST to send)\n` +
          `To: ${message.to}\nSubject: ${message.subject}\n\n${message.text.trim()}\n${RULE}\n\n`,
      );
      log.info({ email: { to: message.to, subject: message.subject } }, "email printed to the console (console backend, not sent)");
    },
    close() {},
  };
}
