// rate-limit-store: the built-in rate limits count in the database instead of each instance's
// memory, so several instances behind a load balancer share one limit without running Redis.
import { fileURLToPath } from "node:url";
import type { Feature } from "../feature.js";
import { createCounterStore } from "./counters.js";
import { databaseRateLimitStore } from "./rate-limit-store.js";

export const rateLimitStore: Feature = {
  name: "rate-limit-store",
  summary: "rate limits counted in the database, shared by every instance (no Redis needed)",
  schema: {
    id: "rate-limit-store",
    dir: fileURLToPath(new URL(".", import.meta.url)),
    models: ["RateLimitCounter"],
    userFields: [],
  },
  env: [{ name: "RATE_LIMIT", value: "true", comment: "Built-in rate limits; rate-limit-store keeps their counters in the database." }],
  nextSteps: [],
  runtime: {
    models: ["rateLimitCounter"],
    loadSettings(reader) {
      // Two places for one counter would let every client through twice.
      if (reader.read("REDIS_URL") !== undefined) {
        throw reader.fail("REDIS_URL", "cannot be combined with the rate-limit-store feature (both keep the rate-limit counters): unset one");
      }
    },
    setup({ prisma, clock, log }) {
      return { rateLimitStore: databaseRateLimitStore(createCounterStore(prisma.rateLimitCounter!), clock, log) };
    },
  },
};
