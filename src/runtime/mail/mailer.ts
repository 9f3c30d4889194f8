/** One rendered email. Both parts always travel together as multipart/alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Where rendered emails go: SMTP in production, the log in development, anything in tests or apps. */
export interface Mailer {
  /** Resolves once the message is handed over; rejects when it was not (the caller logs, never the user). */
  send(message: MailMessage): Promise<void>;
  /** Releases connections when the app closes (optional for mailers an app supplies). */
  close?(): void;
}
