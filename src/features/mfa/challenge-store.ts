// Pending second-factor challenges (one per mfaToken), as domain verbs with their race guarantees.
import type { ModelDelegate } from "../../runtime/store/index.js";
import { CHALLENGE_MAX_ATTEMPTS } from "./limits.js";

export type ChallengePurpose = "login" | "setup";

export interface ChallengeStore {
  /** Records a new challenge; the user's expired ones are pruned on the way. */
  createChallenge(challenge: { id: string; userId: string; purpose: ChallengePurpose; expiresAt: Date }, now: Date): Promise<void>;
  /**
   * Counts one attempt on a live challenge of this user and purpose (unspent, unexpired, under
   * CHALLENGE_MAX_ATTEMPTS): ONE conditional UPDATE, so parallel guesses on one mfaToken get at
   * most CHALLENGE_MAX_ATTEMPTS through. False: the challenge is dead.
   */
  reserveChallengeAttempt(id: string, userId: string, purpose: ChallengePurpose, now: Date): Promise<boolean>;
  /** Spends the challenge (`usedAt IS NULL`): of concurrent calls exactly one returns true. */
  spendChallenge(id: string, now: Date): Promise<boolean>;
}

export function createChallengeStore(challenges: ModelDelegate): ChallengeStore {
  return {
    async createChallenge(challenge, now) {
      await challenges.deleteMany({ where: { userId: challenge.userId, expiresAt: { lte: now } } });
      await challenges.create({ data: { ...challenge, createdAt: now } });
    },
    async reserveChallengeAttempt(id, userId, purpose, now) {
      const { count } = await challenges.updateMany({
        where: { id, userId, purpose, usedAt: null, expiresAt: { gt: now }, attempts: { lt: CHALLENGE_MAX_ATTEMPTS } },
        data: { attempts: { increment: 1 } },
      });
      return count === 1;
    },
    async spendChallenge(id, now) {
      return (await challenges.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } })).count === 1;
    },
  };
}
