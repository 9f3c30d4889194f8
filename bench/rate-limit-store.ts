// What the rate-limit-store feature costs a rate-limited request: the SQL statements of one hit
// and the time per hit on each provider, beside @fastify/rate-limit's in-memory store on the same
// machine (the ratio is what matters: absolute times move with the machine's load).
// Run: npx tsx bench/rate-limit-store.ts
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { createCounterStore } from "../src/features/rate-limit-store/counters.js";
import { createTestDatabase } from "../test/support/databases.js";
import { PROVIDERS } from "../test/support/prisma-clients.js";

const HITS = 2_000;
const KEYS = 200;
const WINDOW_MS = 60_000;

async function timeHits(hit: (key: string) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < HITS; i++) await hit(`login:10.0.${i % KEYS}.1`);
  return ((performance.now() - started) * 1000) / HITS;
}

// @fastify/rate-limit's own in-memory store (CommonJS, untyped): the baseline.
const LocalStore = createRequire(import.meta.url)("@fastify/rate-limit/store/LocalStore.js") as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
) => { incr(key: string, cb: (error: unknown) => void, timeWindow: number, max: number): void };
const memory = new LocalStore(false, false);
const memoryMicros = await timeHits((key) => new Promise((resolve) => memory.incr(key, resolve, WINDOW_MS, 10)));
console.log(`in memory: ${memoryMicros.toFixed(1)} µs per hit`);

for (const provider of PROVIDERS) {
  const database = await createTestDatabase(provider);
  try {
    const counters = createCounterStore(database.prisma.rateLimitCounter);
    await counters.hit("warm-up", WINDOW_MS, new Date());
    database.queries.length = 0;
    await counters.hit("warm-up", WINDOW_MS, new Date());
    const statements = database.queries.map((query) => query.split(" ")[0]).join(", ");
    const micros = await timeHits((key) => counters.hit(key, WINDOW_MS, new Date()));
    console.log(
      `${provider}: statements of a hit in a live window: ${statements}; ` +
        `${micros.toFixed(0)} µs per hit, ${(micros / memoryMicros).toFixed(0)}x the in-memory store`,
    );
  } finally {
    await database.drop();
  }
}
