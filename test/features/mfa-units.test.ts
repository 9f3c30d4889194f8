// The mfa feature's building blocks: TOTP against the RFC 6238 test vectors (SHA-1, with the
// library the feature uses), secrets sealed with AES-256-GCM, recovery codes, and its settings.
import { createSecretKey, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, hashRecoveryCode } from "../../src/features/mfa/recovery-codes.js";
import { createSecretBox } from "../../src/features/mfa/secret-box.js";
import { matchTotpStep, newTotpSecret, otpauthUri } from "../../src/features/mfa/totp.js";
import { loadSettings } from "../../src/runtime/index.js";
import { testEnv } from "../runtime/support/app.js";
import { base32Encode, codeAt, totp } from "./support/totp.js";

// RFC 6238 appendix B, SHA-1 rows: the seed is the ASCII "12345678901234567890".
const RFC_SEED = Buffer.from("12345678901234567890", "ascii");
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(RFC_VECTORS)("the test helper gives the RFC's code at T=%i", (seconds, code) => {
    expect(totp(RFC_SEED, seconds, 8)).toBe(code);
  });

  it.each(RFC_VECTORS)("the feature accepts the RFC's code (its 6 last digits) at T=%i, in that step", (seconds, code) => {
    const secret = base32Encode(RFC_SEED);
    expect(matchTotpStep(secret, code.slice(-6), new Date(seconds * 1000))).toBe(Math.floor(seconds / 30));
  });

  it("accepts one step of drift either way, and no more", () => {
    const secret = newTotpSecret();
    const now = new Date("2031-05-05T12:00:15Z");
    const step = Math.floor(now.getTime() / 30_000);
    for (const offset of [-1, 0, 1]) {
      expect(matchTotpStep(secret, codeAt(secret, new Date(now.getTime() + offset * 30_000)), now)).toBe(step + offset);
    }
    for (const offset of [-2, 2]) expect(matchTotpStep(secret, codeAt(secret, new Date(now.getTime() + offset * 30_000)), now)).toBeUndefined();
  });

  it("makes 160-bit secrets and the otpauth:// URI apps scan", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri(secret, "Acme", "ann@example.com"));
    expect(uri.protocol).toBe("otpauth:");
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret, issuer: "Acme", algorithm: "SHA1", digits: "6", period: "30" });
  });
});

describe("sealed secrets (AES-256-GCM)", () => {
  const box = createSecretBox(createSecretKey(randomBytes(32)));
  it("round-trips, and never stores the plain secret", () => {
    const sealed = box.seal("JBSWY3DPEHPK3PXP", "user-1");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(box.seal("JBSWY3DPEHPK3PXP", "user-1")).not.toBe(sealed);
    expect(box.open(sealed, "user-1")).toBe("JBSWY3DPEHPK3PXP");
  });

  it("refuses a secret moved to another user, a tampered one, and another key's", () => {
    const sealed = box.seal("JBSWY3DPEHPK3PXP", "user-1");
    expect(() => box.open(sealed, "user-2")).toThrow();
    const [version, iv, tag, ciphertext] = sealed.split(".");
    const flipped = Buffer.from(ciphertext!, "base64url");
    flipped[0]! ^= 1;
    expect(() => box.open([version, iv, tag, flipped.toString("base64url")].join("."), "user-1")).toThrow();
    expect(() => createSecretBox(createSecretKey(randomBytes(32))).open(sealed, "user-1")).toThrow();
  });
});

describe("recovery codes", () => {
  it("are 10 distinct xxxxx-xxxxx codes, hashed under the key whatever the case and dashes", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    const key = createSecretKey(randomBytes(32));
    expect(hashRecoveryCode(key, ` ${codes[0]!.toUpperCase().replace("-", " ")} `)).toBe(hashRecoveryCode(key, codes[0]!));
    expect(hashRecoveryCode(createSecretKey(randomBytes(32)), codes[0]!)).not.toBe(hashRecoveryCode(key, codes[0]!));
  });
});

describe("mfa settings", () => {
  const env = (extra: Record<string, string>) => testEnv({ JWT_ALLAUTH_FEATURES: "mfa", ...extra });
  const KEY = randomBytes(32).toString("base64url");

  it("need MFA_ENCRYPTION_KEY: 32 bytes in base64url, named with the command that makes one", () => {
    expect(() => loadSettings(env({}))).toThrow(/^MFA_ENCRYPTION_KEY is required by the mfa feature .*randomBytes\(32\)/);
    expect(() => loadSettings(env({ MFA_ENCRYPTION_KEY: "c2hvcnQ" }))).toThrow(/^MFA_ENCRYPTION_KEY must be 32 bytes in base64url/);
    expect(() => loadSettings(env({ MFA_ENCRYPTION_KEY: `${KEY.slice(0, -1)}!` }))).toThrow(/^MFA_ENCRYPTION_KEY must be 32 bytes/);
    expect(loadSettings(env({ MFA_ENCRYPTION_KEY: KEY })).features[0]).toMatchObject({ name: "mfa", settings: { mode: "optional", issuer: "localhost:3000" } });
  });

  it("read MFA_MODE as off, optional or required", () => {
    expect(() => loadSettings(env({ MFA_ENCRYPTION_KEY: KEY, MFA_MODE: "always" }))).toThrow(/^MFA_MODE must be one of off, optional, required/);
    expect(loadSettings(env({ MFA_ENCRYPTION_KEY: KEY, MFA_MODE: "required", MFA_ISSUER: "Acme" })).features[0]).toMatchObject({ settings: { mode: "required", issuer: "Acme" } });
  });
});
