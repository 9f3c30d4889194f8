// The TOTP authenticator rows, as domain verbs. Every step that a race could break is one
// conditional UPDATE, so the guarantees hold across processes and instances.
import type { ModelDelegate } from "../../runtime/store/index.js";
import { ACCOUNT_FAILURE_WINDOW_MS, ACCOUNT_MAX_FAILURES } from "./limits.js";

export interface AuthenticatorRecord {
  userId: string;
  /** Sealed (secret-box.ts). */
  secret: string;
  activatedAt: Date | null;
  lastUsedAt: Date | null;
  failures: number;
  failureWindowEndsAt: Date | null;
  createdAt: Date;
}

export type AttemptReservation = { allowed: true } | { allowed: false; lockedUntil: Date };

export interface AuthenticatorStore {
  findAuthenticator(userId: string): Promise<AuthenticatorRecord | null>;
  /** Creates or replaces the user's pending authenticator; false (nothing written) when one is active. */
  savePending(userId: string, sealedSecret: string, now: Date): Promise<boolean>;
  /**
   * Accepts the code of time step `step` once: ONE conditional UPDATE (`lastUsedStep < step OR
   * NULL`, and active or pending as `activate` says) that also activates a pending authenticator.
   * Of concurrent calls with one code exactly one returns true; an older code after a newer one
   * is refused too.
   */
  acceptStep(userId: string, step: number, now: Date, activate: boolean): Promise<boolean>;
  deleteAuthenticator(userId: string): Promise<boolean>;
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
const ATTEMPTS = 3;

export function createAuthenticatorStore(authenticators: ModelDelegate): AuthenticatorStore {
  return {
    async findAuthenticator(userId) {
      return (await authenticators.findUnique({ where: { userId } })) as AuthenticatorRecord | null;
    },
    async savePending(userId, secret, now) {
      const replaced = await authenticators.updateMany({ where: { userId, activatedAt: null }, data: { secret, createdAt: now, lastUsedStep: null } });
      if (replaced.count === 1) return true;
      try {
        await authenticators.create({ data: { userId, secret, createdAt: now } });
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") return false; // an active one holds the row
        throw error;
      }
    },
    async acceptStep(userId, step, now, activate) {
      const { count } = await authenticators.updateMany({
        where: { userId, activatedAt: activate ? null : { not: null }, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
        data: { lastUsedStep: step, lastUsedAt: now, ...(activate ? { activatedAt: now } : {}) },
      });
      return count === 1;
    },
    async deleteAuthenticator(userId) {
      return (await authenticators.deleteMany({ where: { userId } })).count === 1;
    },
    async reserveAttempt(userId, now) {
      for (let round = 0; round < ATTEMPTS; round++) {
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
