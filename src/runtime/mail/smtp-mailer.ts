import nodemailer from "nodemailer";
import type { Mailer } from "./mailer.js";

export interface SmtpOptions {
  host: string;
  port: number;
  user?: string;
  password?: string;
  /** EMAIL_USE_TLS: STARTTLS is required, or implicit TLS on port 465 (SMTPS). */
  useTls: boolean;
  from: string;
  /** Overrides of the bounds below, in milliseconds (tests use short ones). */
  timeouts?: Partial<SmtpTimeouts>;
}

export interface SmtpTimeouts {
  connection: number;
  greeting: number;
  socket: number;
}

// Milliseconds. nodemailer's defaults (2 min to connect, 10 min idle socket) would let a
// stalled SMTP server hold every pending email, and the process at shutdown, for minutes.
export const SMTP_TIMEOUTS: Readonly<SmtpTimeouts> = { connection: 10_000, greeting: 10_000, socket: 30_000 };
const SMTPS_PORT = 465;

export function createSmtpMailer(options: SmtpOptions): Required<Mailer> {
  const timeouts = { ...SMTP_TIMEOUTS, ...options.timeouts };
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.useTls && options.port === SMTPS_PORT,
    // With EMAIL_USE_TLS a server that does not offer STARTTLS is refused: credentials and
    // reset links never cross the network in clear because of a downgrade.
    requireTLS: options.useTls,
    auth: options.user ? { user: options.user, pass: options.password ?? "" } : undefined,
    connectionTimeout: timeouts.connection,
    greetingTimeout: timeouts.greeting,
    socketTimeout: timeouts.socket,
  });
  return {
    async send(message) {
      // As an address object, not a string: nodemailer parses a string as a header, where
      // "a@x.test, b@y.test" or "x<b@y.test>" would name other mailboxes than the one we checked.
      await transport.sendMail({ from: options.from, ...message, to: { name: "", address: message.to } });
    },
    close() {
      transport.close();
    },
  };
}
