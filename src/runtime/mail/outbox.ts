import { randomInt } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";

/**
 * Milliseconds between an answer and the start of its email work, drawn at random per email.
 * The work (a token write, rendering, SMTP) costs the event loop a few milliseconds that only a
 * real account causes; started at once, it slowed the very next request (8.0 ms against 2.5 ms)
 * and told a blind attacker which addresses have accounts. Started at an unpredictable moment
 * within a second, there is no "next request" to time; bench/enumeration-timing.ts measures it.
 */
export const OUTBOX_DELAY_MS = { min: 100, max: 1_000 } as const;

/**
 * Runs email work after the HTTP answer instead of before it. The answer then neither waits on a
 * slow SMTP server nor takes longer for a known account than for an unknown one (the timing would
 * reveal accounts), and a failure is logged rather than turned into an error for the user, who
 * can ask for the email again.
 */
export interface Outbox {
  /** Starts `work` now and returns at once; a rejection is logged with `what`. */
  post(what: string, work: () => Promise<void>): void;
  /** Resolves when everything posted so far has finished (for a graceful shutdown). */
  drain(): Promise<void>;
}

export function createOutbox(log: FastifyBaseLogger): Outbox {
  const pending = new Set<Promise<void>>();
  return {
    post(what, work) {
      // Also after the pending reply is written, so not even the first database write
      // (synchronous with SQLite) delays the answer.
      const job = new Promise<void>((resolve) => setTimeout(resolve, randomInt(OUTBOX_DELAY_MS.min, OUTBOX_DELAY_MS.max + 1)))
        .then(work)
        .catch((error: unknown) => log.error({ err: error }, `jwt-allauth: ${what} email not sent`))
        .finally(() => pending.delete(job));
      pending.add(job);
    },
    async drain() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
