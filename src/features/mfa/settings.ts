// The mfa feature's variables, read once at boot. One key (MFA_ENCRYPTION_KEY) is split with HKDF
// into the key that encrypts TOTP secrets and the key that hashes recovery codes, so neither use
// can be turned against the other.
import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import type { SettingsReader } from "../../runtime/settings.js";

export const MFA_MODES = ["off", "optional", "required"] as const;
export type MfaMode = (typeof MFA_MODES)[number];
const KEY_BYTES = 32;
export const KEY_COMMAND = `node -e "console.log(require('crypto').randomBytes(${KEY_BYTES}).toString('base64url'))"`;

export interface MfaSettings {
  /** off: no challenges, no setup; optional: users choose; required: every login needs a factor. */
  mode: MfaMode;
  /** AES-256-GCM key of the TOTP secrets (a KeyObject: settings are frozen, and keys stay out of logs). */
  secretKey: KeyObject;
  /** HMAC-SHA-256 key of the recovery codes. */
  recoveryKey: KeyObject;
  /** The name authenticator apps show next to the account (MFA_ISSUER, default PUBLIC_URL's host). */
  issuer: string;
}

export function loadMfaSettings(reader: SettingsReader): MfaSettings {
  const mode = reader.oneOf("MFA_MODE", "optional", MFA_MODES);
  const raw = reader.read("MFA_ENCRYPTION_KEY");
  if (!raw) throw reader.fail("MFA_ENCRYPTION_KEY", `is required by the mfa feature (${KEY_BYTES} random bytes, base64url): ${KEY_COMMAND}`);
  const key = Buffer.from(raw, "base64url");
  if (key.length !== KEY_BYTES || key.toString("base64url") !== raw.replace(/=+$/, "")) {
    throw reader.fail("MFA_ENCRYPTION_KEY", `must be ${KEY_BYTES} bytes in base64url (43 characters): ${KEY_COMMAND}`);
  }
  const derive = (purpose: string) => createSecretKey(Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `jwt-allauth mfa ${purpose}`, KEY_BYTES)));
  return {
    mode,
    secretKey: derive("totp secret"),
    recoveryKey: derive("recovery code"),
    issuer: reader.read("MFA_ISSUER") ?? new URL(reader.url("PUBLIC_URL", "http://localhost:3000")!).host,
  };
}
