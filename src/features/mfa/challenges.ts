// mfaTokens: a JWT of its own typ (mfa+jwt), so it never passes as an access or refresh token nor
// the reverse, naming one challenge row (jti) of one user and one purpose. The row makes it short
// lived, single use and good for a few attempts only: a leaked mfaToken is worth nothing later.
import { randomUUID } from "node:crypto";
import { TokenNotValid } from "../../runtime/errors.js";
import type { Settings } from "../../runtime/settings.js";
import { createTypedTokens } from "../../runtime/tokens.js";
import type { ChallengePurpose, ChallengeStore } from "./challenge-store.js";
import { CHALLENGE_LIFETIME_MS } from "./limits.js";

export const MFA_TYP = "mfa+jwt";

export interface Challenge {
  id: string;
  userId: string;
}

export interface Challenges {
  /** Opens a challenge for the user and returns its mfaToken. */
  open(userId: string, purpose: ChallengePurpose, now: Date): Promise<string>;
  /** Counts one attempt on the live challenge `token` names; TokenNotValid for anything else. */
  attempt(token: string, purpose: ChallengePurpose, now: Date): Promise<Challenge>;
  /** Ends the challenge; TokenNotValid when a concurrent request already did (one sign-in per token). */
  spend(challenge: Challenge, now: Date): Promise<void>;
  /** Whether `token` claims to be an mfaToken (header only; attempt() verifies it). */
  isMfaToken(token: string): boolean;
}

export function createChallenges(jwt: Settings["jwt"], store: ChallengeStore): Challenges {
  const tokens = createTypedTokens<{ purpose: ChallengePurpose }>(jwt, MFA_TYP);
  return {
    async open(userId, purpose, now) {
      const id = randomUUID();
      await store.createChallenge({ id, userId, purpose, expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS) }, now);
      return tokens.sign({ sub: userId, jti: id, purpose }, now, CHALLENGE_LIFETIME_MS);
    },
    async attempt(token, purpose, now) {
      const claims = tokens.verify(token);
      if (claims.purpose !== purpose || !(await store.reserveChallengeAttempt(claims.jti, claims.sub, purpose, now))) throw new TokenNotValid();
      return { id: claims.jti, userId: claims.sub };
    },
    async spend(challenge, now) {
      if (!(await store.spendChallenge(challenge.id, now))) throw new TokenNotValid();
    },
    isMfaToken(token) {
      try {
        return JSON.parse(Buffer.from(token.slice(0, token.indexOf(".")), "base64url").toString("utf8"))?.typ === MFA_TYP;
      } catch {
        return false;
      }
    },
  };
}
