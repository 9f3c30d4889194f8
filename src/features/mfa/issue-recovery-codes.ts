// A fresh set of recovery codes for the user: the old set stops working; only hashes are kept.
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes.js";
import type { MfaServices } from "./services.js";

export async function issueRecoveryCodes({ recoveryCodes, settings, clock }: MfaServices, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await recoveryCodes.replaceRecoveryCodes(userId, codes.map((code) => hashRecoveryCode(settings.recoveryKey, code)), clock.now());
  return codes;
}
