import type { FastifyBaseLogger } from "fastify";

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
      // setImmediate: the work starts after the pending reply is written, so not even its first
      // database write (synchronous with SQLite) delays the answer.
      const job = new Promise<void>((resolve) => setImmediate(resolve))
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
