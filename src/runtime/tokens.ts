// Signing and verifying the two token types. The algorithm is pinned per deployment and the
// `typ` header is checked, so an access token never passes as a refresh token or the reverse,
// and `alg: none` or an HS256 token forged with a public key is refused.
import { createPublicKey, randomUUID } from "node:crypto";
import { createSigner, createVerifier } from "fast-jwt";
import { TokenNotValid } from "./errors.js";
import type { Settings } from "./settings.js";
import type { RefreshTokenState } from "./store/index.js";

export const ACCESS_TYP = "at+jwt";
export const REFRESH_TYP = "rt+jwt";
/** Verified access tokens kept in memory (~1 KB each); entries never outlive the token's exp. */
const ACCESS_CACHE_SIZE = 10_000;
const COMMON_CLAIMS = ["iss", "aud", "sub", "sid", "jti", "iat", "exp"];

export interface TokenSubject {
  userId: string;
  sessionId: string;
  /** auth_time: when the user last proved who they are (login, or reauthentication for an access token). */
  authTime: Date;
}

export interface AccessClaims {
  sub: string;
  sid: string;
  jti: string;
  exp: number;
  email_verified: boolean;
  /** When the user last proved who they are in this session (seconds): login or reauthentication. */
  auth_time?: number;
}

export interface RefreshClaims {
  sub: string;
  sid: string;
  jti: string;
  exp: number;
  /** The login's time (seconds), copied through every rotation; absent on tokens older than step-up. */
  auth_time?: number;
}

export interface Jwk {
  kty: string;
  crv?: string;
  x?: string;
  kid: string;
  alg: string;
  use: "sig";
}

export interface Tokens {
  signAccess(subject: TokenSubject & { emailVerified: boolean }, now: Date): string;
  /** Deterministic: the same subject and state give the same string (Ed25519 and HMAC both are). */
  signRefresh(subject: TokenSubject, state: RefreshTokenState): string;
  /** A fresh jti with iat/exp for a new refresh token; whole seconds, as the claims carry them. */
  nextRefreshState(now: Date, cap?: Date): RefreshTokenState;
  /** Throws TokenNotValid (401) for anything but a valid, unexpired access token of this issuer. */
  verifyAccess(token: string): AccessClaims;
  verifyRefresh(token: string): RefreshClaims;
  readonly jwks: { keys: Jwk[] };
}

type Verify = (token: string) => Record<string, unknown>;

export function createTokens(settings: Settings["jwt"]): Tokens {
  const { algorithm, signingKey, keyId, issuer, audience } = settings;
  const signer = (typ: string) => createSigner({ key: signingKey, algorithm, kid: keyId, header: { alg: algorithm, typ } });
  const signAccessToken = signer(ACCESS_TYP);
  const signRefreshToken = signer(REFRESH_TYP);
  const verifyAccess = createKeyedVerifier(settings, ACCESS_TYP, ACCESS_CACHE_SIZE, [...COMMON_CLAIMS, "email_verified"]);
  // Refresh tokens are spent once each, so caching them would only hold memory.
  const verifyRefresh = createKeyedVerifier(settings, REFRESH_TYP, 0, COMMON_CLAIMS);
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

  return {
    signAccess({ userId, sessionId, emailVerified, authTime }, now) {
      const iat = seconds(now);
      return signAccessToken({
        iss: issuer,
        aud: audience,
        sub: userId,
        sid: sessionId,
        jti: randomUUID(),
        iat,
        exp: iat + Math.floor(settings.accessTokenLifetime / 1000),
        email_verified: emailVerified,
        auth_time: seconds(authTime),
      });
    },
    signRefresh({ userId, sessionId, authTime }, { jti, issuedAt, expiresAt }) {
      return signRefreshToken({
        iss: issuer,
        aud: audience,
        sub: userId,
        sid: sessionId,
        jti,
        iat: seconds(issuedAt),
        exp: seconds(expiresAt),
        auth_time: seconds(authTime),
      });
    },
    nextRefreshState(now, cap) {
      const iat = seconds(now);
      let exp = iat + Math.floor(settings.refreshTokenLifetime / 1000);
      if (cap) exp = Math.min(exp, seconds(cap));
      return { jti: randomUUID(), issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) };
    },
    verifyAccess: (token) => verifyAccess(token) as unknown as AccessClaims,
    verifyRefresh: (token) => verifyRefresh(token) as unknown as RefreshClaims,
    jwks: { keys: [...settings.verificationKeys].map(([kid, pem]) => toJwk(kid, pem)) },
  };
}

function createKeyedVerifier(settings: Settings["jwt"], typ: string, cacheSize: number, requiredClaims: string[]): Verify {
  const verify = createUncachedVerifier(settings, typ, requiredClaims);
  return cacheSize > 0 ? withVerificationCache(verify, cacheSize) : verify;
}

/**
 * Remembers verified tokens until their `exp`, at most `size` of them (the oldest entry goes
 * first). Keyed by the token string itself, so two tokens can never share an entry; fast-jwt's own
 * cache hashes every token with SHA-512 for EdDSA, which costs more than the hit it saves (bench/).
 * Failures are not cached: a forged token costs a full verification each time, as it should.
 */
function withVerificationCache(verify: Verify, size: number): Verify {
  const verified = new Map<string, { claims: Record<string, unknown>; expiresAt: number }>();
  return (token) => {
    const hit = verified.get(token);
    if (hit) {
      if (Date.now() < hit.expiresAt) return hit.claims;
      verified.delete(token);
    }
    const claims = verify(token);
    if (verified.size >= size) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims, expiresAt: (claims.exp as number) * 1000 });
    return claims;
  };
}

/**
 * One fast-jwt verifier per verification key, chosen by the token's `kid`. With a single key the
 * header is not even parsed: a token naming another kid simply fails the signature check.
 */
function createUncachedVerifier(settings: Settings["jwt"], typ: string, requiredClaims: string[]): Verify {
  const make = (key: string): Verify => {
    const verify = createVerifier({
      key,
      algorithms: [settings.algorithm],
      allowedIss: settings.issuer,
      allowedAud: settings.audience,
      checkTyp: typ,
      requiredClaims,
      cache: false,
    });
    return (token) => {
      try {
        return verify(token);
      } catch {
        // fast-jwt's reasons (expired, bad signature, wrong typ) stay server-side: one answer for all.
        throw new TokenNotValid();
      }
    };
  };
  if (settings.algorithm === "HS256") return make(settings.signingKey);
  const byKid = new Map([...settings.verificationKeys].map(([kid, pem]) => [kid, make(pem)]));
  if (byKid.size === 1) return [...byKid.values()][0]!;
  return (token) => {
    const verify = byKid.get(readKid(token) ?? "");
    if (!verify) throw new TokenNotValid();
    return verify(token);
  };
}

function readKid(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf(".")), "base64url").toString("utf8"));
    return typeof header?.kid === "string" ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/** A single-purpose token of its own `typ` (a feature's, e.g. MFA's mfa+jwt), signed with the same key. */
export interface TypedTokens<Claims> {
  sign(claims: Claims & { sub: string; jti: string }, now: Date, lifetimeMs: number): string;
  /** Throws TokenNotValid unless the token is this typ's, of this issuer, unexpired. */
  verify(token: string): Claims & { sub: string; jti: string; exp: number };
}

/**
 * The typ is checked on verification, so a feature's token never passes as an access or refresh
 * token, nor the reverse (those verifiers pin their own typ).
 */
export function createTypedTokens<Claims extends object>(settings: Settings["jwt"], typ: string): TypedTokens<Claims> {
  if (typ === ACCESS_TYP || typ === REFRESH_TYP) throw new TypeError(`jwt-allauth: the typ ${typ} is the core's`);
  const { algorithm, signingKey, keyId, issuer, audience } = settings;
  const sign = createSigner({ key: signingKey, algorithm, kid: keyId, header: { alg: algorithm, typ } });
  const verify = createUncachedVerifier(settings, typ, COMMON_CLAIMS.filter((claim) => claim !== "sid"));
  return {
    sign(claims, now, lifetimeMs) {
      const iat = Math.floor(now.getTime() / 1000);
      return sign({ ...claims, iss: issuer, aud: audience, iat, exp: iat + Math.floor(lifetimeMs / 1000) });
    },
    verify: (token) => verify(token) as ReturnType<TypedTokens<Claims>["verify"]>,
  };
}

function toJwk(kid: string, pem: string): Jwk {
  const { kty, crv, x } = createPublicKey(pem).export({ format: "jwk" });
  return { kty: kty!, crv, x, kid, alg: "EdDSA", use: "sig" };
}
