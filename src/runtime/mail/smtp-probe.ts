import net from "node:net";
import type { FastifyBaseLogger } from "fastify";
import type { SmtpSettings } from "../settings.js";

/** How long the boot check waits for the SMTP server to accept a connection (milliseconds). */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Development only: one TCP connection to EMAIL_HOST:EMAIL_PORT after boot. Registration answers
 * before its email leaves, so without this a missing mail catcher shows only as an account that
 * can never verify; the warning names the two settings and both ways out. Never blocks the boot.
 */
export function warnIfSmtpUnreachable(smtp: SmtpSettings, log: FastifyBaseLogger): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: smtp.host, port: smtp.port });
    socket.unref();
    socket.setTimeout(PROBE_TIMEOUT_MS);
    const finish = (problem?: string) => {
      socket.destroy();
      if (problem) {
        log.warn(
          `EMAIL_HOST=${smtp.host} EMAIL_PORT=${smtp.port}: no SMTP server answers there (${problem}), so every email ` +
            "(verification, password reset) will fail. Start your mail catcher (docker compose -f compose.dev.yaml up -d) " +
            "or remove EMAIL_HOST from .env to print emails in this terminal.",
        );
      }
      resolve();
    };
    socket.once("connect", () => finish());
    socket.once("timeout", () => finish(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`));
    socket.once("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
