// Recovery codes: 10 per user, ~49 random bits each, shown once. Only an HMAC under a key derived
// from MFA_ENCRYPTION_KEY is stored: a leaked table alone lets no one test guesses offline.
import { createHmac, randomInt, type KeyObject } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: the codes are read off paper. 31 characters, ~4.95 bits each. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

/** Fresh codes, formatted `xxxxx-xxxxx`. */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const code = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when the user types a code back. */
export function hashRecoveryCode(key: KeyObject, code: string): string {
  return createHmac("sha256", key).update(code.toLowerCase().replace(/[\s-]/g, "")).digest("hex");
}
