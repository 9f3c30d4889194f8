import type { FastifyBaseLogger } from "fastify";
import type { Settings } from "../settings.js";
import { createConsoleMailer } from "./console-mailer.js";
import type { Mailer } from "./mailer.js";
import { createSmtpMailer } from "./smtp-mailer.js";

/** SMTP when EMAIL_HOST is set; otherwise the console backend (settings refuse that in production). */
export function createMailer(email: Settings["email"], log: FastifyBaseLogger): Mailer {
  if (!email.smtp) return createConsoleMailer(log);
  return createSmtpMailer({ ...email.smtp, from: email.defaultFrom });
}
