// The TOTP authenticator rows, as domain verbs. Every step that a race could break is one
// conditional UPDATE, so the guarantees hold across processes and instances.
import { isUniqueViolation, type ModelDelegate } from "../../runtime/store/prisma.js";

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
}

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
        if (isUniqueViolation(error)) return false; // an active one holds the row
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
  };
}
