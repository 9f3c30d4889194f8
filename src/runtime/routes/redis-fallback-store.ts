// The rate-limit store for REDIS_URL: counters in Redis, shared by every instance, and this
// instance's memory while Redis cannot be reached. Neither fail-open (an attacker who can take
// Redis down would get unlimited password guesses) nor fail-closed (a Redis outage would lock
// every user out): during an outage each instance enforces the limits on its own, so a client
// gets at most the limit once per instance, and logins keep working.
import { createRequire } from "node:module";
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";

type Store = Pick<FastifyRateLimitStore, "incr"> & { child(options: object): Store };
type StoreClass = new (continueExceeding: boolean, exponentialBackoff: boolean, ...rest: unknown[]) => Store;

// @fastify/rate-limit's own stores (CommonJS, no types): the same counting as without the fallback.
const require = createRequire(import.meta.url);
const RedisStore = require("@fastify/rate-limit/store/RedisStore.js") as StoreClass;
const LocalStore = require("@fastify/rate-limit/store/LocalStore.js") as StoreClass;

export function createFallbackStore(redis: Redis, nameSpace: string, log: FastifyBaseLogger): FastifyRateLimitStoreCtor {
  /** One warning when Redis fails and one when it answers again, not one per request. */
  let redisDown = false;
  const onRedis = (error: Error | null) => {
    if (error && !redisDown) log.warn({ err: error }, "jwt-allauth: Redis is unreachable; rate limits count per instance until it is back");
    if (!error && redisDown) log.warn("jwt-allauth: Redis is back; rate limits are shared by every instance again");
    redisDown = error !== null;
  };

  class FallbackStore implements Store {
    constructor(
      private readonly shared: Store,
      private readonly local: Store,
    ) {}
    incr(key: string, callback: Parameters<Store["incr"]>[1], timeWindow: number, max: number): void {
      this.shared.incr(
        key,
        (error, result) => {
          onRedis(error);
          if (error) this.local.incr(key, callback, timeWindow, max);
          else callback(null, result);
        },
        timeWindow,
        max,
      );
    }
    child(options: object): Store {
      return new FallbackStore(this.shared.child(options), this.local.child(options));
    }
  }

  return class {
    constructor(params: { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      const flags = [params.continueExceeding ?? false, params.exponentialBackoff ?? false] as const;
      return new FallbackStore(new RedisStore(...flags, redis, nameSpace), new LocalStore(...flags));
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
