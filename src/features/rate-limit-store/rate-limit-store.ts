// The counters as @fastify/rate-limit's `store`: every instance on the database shares them, so
// the limits hold across a fleet without Redis. Ended windows are pruned at most once a minute
// per instance, so keys sprayed by an attacker (one per IP) do not pile up.
import type { FastifyBaseLogger } from "fastify";
import type { Clock } from "../../runtime/clock.js";
import type { RateLimitStore } from "../../runtime/features.js";
import type { CounterStore } from "./counters.js";

/** Milliseconds between two prunes on one instance. */
export const PRUNE_INTERVAL_MS = 60_000;

export function databaseRateLimitStore(counters: CounterStore, clock: Clock, log: FastifyBaseLogger): new () => RateLimitStore {
  let nextPrune = 0;
  const prune = (now: Date) => {
    if (now.getTime() < nextPrune) return;
    nextPrune = now.getTime() + PRUNE_INTERVAL_MS;
    counters.prune(now).catch((error: unknown) => log.warn({ err: error }, "jwt-allauth: pruning rate-limit counters failed"));
  };
  return class DatabaseRateLimitStore implements RateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      const now = clock.now();
      prune(now);
      counters.hit(key, timeWindow, now).then(
        ({ count, resetAt }) => callback(null, { current: count, ttl: Math.max(0, resetAt.getTime() - now.getTime()) }),
        (error: Error) => callback(error),
      );
    }
    child() {
      return this;
    }
  };
}
