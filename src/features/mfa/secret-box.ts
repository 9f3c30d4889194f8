// TOTP secrets at rest: AES-256-GCM with a random 96-bit nonce per secret. The user's id is the
// associated data, so a secret copied onto another user's row (by someone who can write the
// database but not read the key) fails to decrypt instead of becoming that user's factor.
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from "node:crypto";

const VERSION = "v1";

export interface SecretBox {
  seal(plain: string, userId: string): string;
  /** Throws when the box was tampered with, belongs to another user, or another key sealed it. */
  open(sealed: string, userId: string): string;
}

export function createSecretBox(key: KeyObject): SecretBox {
  return {
    seal(plain, userId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(userId, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
    },
    open(sealed, userId) {
      const [version, iv, tag, ciphertext] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("jwt-allauth: not a sealed MFA secret");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"))
        .setAAD(Buffer.from(userId, "utf8"))
        .setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}
