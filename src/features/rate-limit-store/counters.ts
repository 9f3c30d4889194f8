// The counters on the database, as domain verbs. Several instances share them, so each step is
// one conditional statement that holds under concurrency, never a read followed by a write.
import { isUniqueViolation, type ModelDelegate } from "../../runtime/store/prisma.js";

export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  count: number;
  resetAt: Date;
}

export interface CounterStore {
  /**
   * Counts one request on `key` in a fixed window of `windowMs`. No hit is ever lost across
   * instances: an increment is one `UPDATE … SET count = count + 1 WHERE key = ? AND resetAt > now`;
   * an ended window restarts with one `UPDATE … WHERE resetAt <= now` that exactly one racing
   * caller wins (the others then increment); a first hit is an INSERT whose loser on the primary
   * key increments the winner's row. The count read back after an increment may include hits that
   * raced in after ours: it errs on the side of limiting.
   */
  hit(key: string, windowMs: number, now: Date): Promise<WindowCount>;
  /** Deletes the rows of windows that ended before `now`; returns how many. */
  prune(now: Date): Promise<number>;
}

/** Three rounds cover every interleaving of a restart, an insert and an increment. */
const ATTEMPTS = 3;

export function createCounterStore(counters: ModelDelegate): CounterStore {
  return {
    async hit(key, windowMs, now) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const bumped = await counters.updateMany({ where: { key, resetAt: { gt: now } }, data: { count: { increment: 1 } } });
        if (bumped.count === 1) {
          const row = (await counters.findUnique({ where: { key } })) as WindowCount | null;
          if (row) return { count: row.count, resetAt: row.resetAt };
          continue; // pruned in between: count afresh
        }
        const resetAt = new Date(now.getTime() + windowMs);
        const restarted = await counters.updateMany({ where: { key, resetAt: { lte: now } }, data: { count: 1, resetAt } });
        if (restarted.count === 1) return { count: 1, resetAt };
        try {
          await counters.create({ data: { key, count: 1, resetAt } });
          return { count: 1, resetAt };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      }
      throw new Error(`rate-limit counter ${key} changed on every attempt`);
    },
    async prune(now) {
      return (await counters.deleteMany({ where: { resetAt: { lte: now } } })).count;
    },
  };
}
