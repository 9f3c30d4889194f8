// Built-in rate limits (RATE_LIMIT=false turns them off). Each limiter has its own key prefix, so
// limiters never share counters, also in one Redis. A login is limited per IP (spraying many
// accounts) and per account (guessing one account's password from many IPs).
import type {} from "@fastify/rate-limit";
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
  passwordReset: { max: 5, timeWindow: 15 * MINUTE },
  resendVerification: { max: 5, timeWindow: 15 * MINUTE },
} as const satisfies Record<string, RateRule>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export interface RateLimits {
  /** A hook (use it as onRequest) counting requests per client IP. */
  perIp(name: RateLimitName): Hook;
  /** A hook (use it as preHandler, after validation) counting requests per key, e.g. the account. */
  perKey(name: RateLimitName, keyOf: (request: FastifyRequest) => string): Hook;
}

const noLimit: Hook = async () => {};

export function createRateLimits(app: FastifyInstance, enabled: boolean): RateLimits {
  const limiter = (name: RateLimitName, keyOf: (request: FastifyRequest) => string): Hook => {
    if (!enabled) return noLimit;
    const check = app.createRateLimit({ ...RATE_LIMITS[name], keyGenerator: (request) => `${name}:${keyOf(request)}` });
    return async (request, reply) => {
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) {
        reply.header("retry-after", String(result.ttlInSeconds));
        throw new RateLimited(`${result.ttlInSeconds} seconds`);
      }
    };
  };
  return {
    perIp: (name) => limiter(name, (request) => request.ip),
    perKey: limiter,
  };
}
