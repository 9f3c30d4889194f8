import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";

export interface SigningKey {
  /** PKCS#8 PEM of the Ed25519 private key, with its newlines written as the two characters `\n`. */
  privateKeyOneLine: string;
  /** RFC 7638 JWK thumbprint of the public key: the `kid` that tokens and the JWKS carry. */
  keyId: string;
}

/** A fresh Ed25519 key pair for EdDSA tokens; every project gets its own, never a shared default. */
export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  // One .env line: a multi-line value would need quoting rules that editors and tools disagree on.
  return { privateKeyOneLine: pem.replace(/\n/g, "\\n"), keyId: jwkThumbprint(publicKey) };
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace, base64url. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: "jwk" });
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash("sha256").update(canonical).digest("base64url");
}
