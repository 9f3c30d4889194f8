// Built-in rate limits (RATE_LIMIT=false turns them off). Each limiter has its own key prefix, so
// limiters never share counters, also in one Redis. A login is limited per IP (spraying many
// accounts) and per account (guessing one account's password from many IPs).
import { normalizeIP, type CreateRateLimitOptions } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { RateLimited } from "../errors.js";
import type { Hook } from "./context.js";

export interface RateRule {
  max: number;
  /** Milliseconds. */
  timeWindow: number;
}

const MINUTE = 60_000;
export const RATE_LIMITS = {
  login: { max: 30, timeWindow: MINUTE },
  loginAccount: { max: 10, timeWindow: 15 * MINUTE },
  registration: { max: 20, timeWindow: 60 * MINUTE },
  refresh: { max: 60, timeWindow: MINUTE },
  passwordChange: { max: 10, timeWindow: 15 * MINUTE },
  /** Then the session ends: someone is guessing the password with a (likely stolen) access token. */
  passwordChangeAccount: { max: 5, timeWindow: 15 * MINUTE },
  reauthenticate: { max: 10, timeWindow: 15 * MINUTE },
  passwordReset: { max: 5, timeWindow: 15 * MINUTE },
  resendVerification: { max: 5, timeWindow: 15 * MINUTE },
  /** Emails registration sends to one address (verification, then "account exists" notices): sign-ups from many IPs must not flood an inbox. */
  registrationEmail: { max: 5, timeWindow: 15 * MINUTE },
} as const satisfies Record<string, RateRule>;

/**
 * In-memory counters per limiter and instance (toad-cache LRU). @fastify/rate-limit's default of
 * 5,000 let 5,000 cheap requests for other accounts, from rotating addresses, evict the counter of
 * the account under attack; flushing one now takes 100,000 distinct keys within the window, which
 * the per-IP limits price at thousands of addresses. About 25 MB per limiter when full. Redis
 * (REDIS_URL) expires keys by their window and never evicts a live one.
 */
export const KEYS_PER_LIMITER = 100_000;

/**
 * The client's IP as a rate-limit key: IPv6 grouped by /64 (one subscriber's prefix: rotating
 * the host half must not buy fresh counters) and IPv4-mapped IPv6 folded into IPv4.
 */
// `?? ""`: a socket closed before the request was read has no address, and normalizeIP would throw.
const ipKey = (request: FastifyRequest): string => normalizeIP(request.ip ?? "");

export type RateLimitName = keyof typeof RATE_LIMITS;

type KeyOf = (request: FastifyRequest) => string;

export interface RateLimits {
  /** A hook (use it as onRequest) counting requests per client IP (see ipKey). */
  perIp(name: RateLimitName): Hook;
  /**
   * A hook (use it as preHandler, after validation) counting requests per key, e.g. the account;
   * `onExceeded` runs before the 429 (e.g. to end a session).
   */
  perKey(name: RateLimitName, keyOf: KeyOf, onExceeded?: (request: FastifyRequest) => Promise<unknown>): Hook;
  /**
   * Counts silently, for work that must not change the answer (an email): resolves false once
   * the key is over its limit.
   */
  budget(name: RateLimitName, keyOf: KeyOf): (request: FastifyRequest) => Promise<boolean>;
}

const noLimit: Hook = async () => {};

export function createRateLimits(app: FastifyInstance, enabled: boolean): RateLimits {
  const counter = (name: RateLimitName, keyOf: KeyOf) => {
    // `cache` sizes the LRU at run time; the plugin's types leave it out of createRateLimit.
    const options = { ...RATE_LIMITS[name], cache: KEYS_PER_LIMITER, keyGenerator: (request: FastifyRequest) => `${name}:${keyOf(request)}` };
    return app.createRateLimit(options as CreateRateLimitOptions);
  };
  const limiter = (name: RateLimitName, keyOf: KeyOf, onExceeded?: (request: FastifyRequest) => Promise<unknown>): Hook => {
    if (!enabled) return noLimit;
    const check = counter(name, keyOf);
    return async (request, reply) => {
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) {
        await onExceeded?.(request);
        reply.header("retry-after", String(result.ttlInSeconds));
        throw new RateLimited(`${result.ttlInSeconds} seconds`);
      }
    };
  };
  return {
    perIp: (name) => limiter(name, ipKey),
    perKey: limiter,
    budget(name, keyOf) {
      if (!enabled) return async () => true;
      const check = counter(name, keyOf);
      return async (request) => {
        const result = await check(request);
        return result.isAllowed || !result.isExceeded;
      };
    },
  };
}
