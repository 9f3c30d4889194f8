// Everything the mfa feature's hook and routes need, built once per plugin registration.
import type { FeatureContext } from "../../runtime/features.js";
import { createAuthenticatorStore, type AuthenticatorStore } from "./authenticator-store.js";
import { createChallengeStore } from "./challenge-store.js";
import { createLockoutStore } from "./lockout-store.js";
import { createChallenges, type Challenges } from "./challenges.js";
import { createRecoveryCodeStore, type RecoveryCodeStore } from "./recovery-code-store.js";
import { createSecondFactor, type SecondFactor } from "./second-factor.js";
import { createSecretBox, type SecretBox } from "./secret-box.js";
import type { MfaSettings } from "./settings.js";

export interface MfaServices {
  settings: MfaSettings;
  authenticators: AuthenticatorStore;
  recoveryCodes: RecoveryCodeStore;
  challenges: Challenges;
  secondFactor: SecondFactor;
  box: SecretBox;
  core: FeatureContext<MfaSettings>["store"];
  clock: FeatureContext<MfaSettings>["clock"];
}

export function createMfaServices({ prisma, settings, featureSettings, store, clock }: FeatureContext<MfaSettings>): MfaServices {
  const authenticators = createAuthenticatorStore(prisma.mfaAuthenticator!);
  const recoveryCodes = createRecoveryCodeStore(prisma.mfaRecoveryCode!);
  const box = createSecretBox(featureSettings.secretKey);
  return {
    settings: featureSettings,
    authenticators,
    recoveryCodes,
    challenges: createChallenges(settings.jwt, createChallengeStore(prisma.mfaChallenge!)),
    secondFactor: createSecondFactor({ authenticators, lockout: createLockoutStore(prisma.mfaAuthenticator!), recoveryCodes, audit: store.recordAuditEvent, box, recoveryKey: featureSettings.recoveryKey, clock }),
    box,
    core: store,
    clock,
  };
}
