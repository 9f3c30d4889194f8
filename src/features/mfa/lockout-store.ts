// The account lockout, on the authenticator row: wrong codes counted in a fixed window, each
// attempt reserved by a conditional UPDATE before its code is checked.
import type { ModelDelegate } from "../../runtime/store/index.js";
import type { AuthenticatorRecord } from "./authenticator-store.js";
import { ACCOUNT_FAILURE_WINDOW_MS, ACCOUNT_MAX_FAILURES } from "./limits.js";

export type AttemptReservation = { allowed: true } | { allowed: false; lockedUntil: Date };

export interface LockoutStore {
  /**
   * Counts one attempt against the account before the code is checked, so parallel guesses cannot
   * all pass a check made before any of them failed: at most ACCOUNT_MAX_FAILURES attempts per
   * window of ACCOUNT_FAILURE_WINDOW_MS are let through, each by a conditional UPDATE.
   */
  reserveAttempt(userId: string, now: Date): Promise<AttemptReservation>;
  /** A code passed: the attempts of the window are forgiven. */
  clearFailures(userId: string): Promise<void>;
}

/** Three rounds cover a window restarting under us (see rate-limit-store's counters). */
const ROUNDS = 3;

export function createLockoutStore(authenticators: ModelDelegate): LockoutStore {
  return {
    async reserveAttempt(userId, now) {
      for (let round = 0; round < ROUNDS; round++) {
        const counted = await authenticators.updateMany({
          where: { userId, failureWindowEndsAt: { gt: now }, failures: { lt: ACCOUNT_MAX_FAILURES } },
          data: { failures: { increment: 1 } },
        });
        if (counted.count === 1) return { allowed: true };
        const restarted = await authenticators.updateMany({
          where: { userId, OR: [{ failureWindowEndsAt: null }, { failureWindowEndsAt: { lte: now } }] },
          data: { failures: 1, failureWindowEndsAt: new Date(now.getTime() + ACCOUNT_FAILURE_WINDOW_MS) },
        });
        if (restarted.count === 1) return { allowed: true };
        const row = (await authenticators.findUnique({ where: { userId } })) as AuthenticatorRecord | null;
        if (!row) return { allowed: true }; // deleted meanwhile: the code check fails on its own
        if (row.failureWindowEndsAt && row.failureWindowEndsAt > now && row.failures >= ACCOUNT_MAX_FAILURES) {
          return { allowed: false, lockedUntil: row.failureWindowEndsAt };
        }
      }
      throw new Error(`jwt-allauth: the MFA attempts of ${userId} changed on every round`);
    },
    async clearFailures(userId) {
      await authenticators.updateMany({ where: { userId }, data: { failures: 0 } });
    },
  };
}
