import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "./clock.js";

export type OneTimeTokenPurpose = "email_verification" | "password_reset";

export type ConsumeResult =
  | { status: "consumed"; userId: string }
  /** Already used (by this link's earlier click, or a concurrent one that won). */
  | { status: "used"; userId: string }
  | { status: "expired" }
  /** Unknown, malformed, superseded, or issued for another purpose. */
  | { status: "invalid" };

export type LinkState = "usable" | "used" | "expired" | "invalid";

/** Storage verbs for one-time tokens; only hashes ever reach the database. */
export interface OneTimeTokenStore {
  /**
   * Stores a new token, then deletes the user's tokens of the same purpose created strictly
   * before it, so the newest link supersedes all older ones.
   */
  replaceOneTimeToken(token: {
    userId: string;
    purpose: OneTimeTokenPurpose;
    tokenHash: string;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void>;
  /**
   * Marks the token used if it exists for this purpose, is unused and has not expired at `now`.
   * Race guarantee: the mark is one conditional update (WHERE usedAt IS NULL), so of two
   * concurrent consumers of the same token exactly one gets "consumed".
   */
  consumeOneTimeToken(token: { tokenHash: string; purpose: OneTimeTokenPurpose; now: Date }): Promise<ConsumeResult>;
  /**
   * What consuming the token would answer now, without consuming it: a page may show that a link
   * is dead, but opening a link (mail scanners do) must never use it up.
   */
  inspectOneTimeToken(token: { tokenHash: string; purpose: OneTimeTokenPurpose; now: Date }): Promise<LinkState>;
  /** Deletes every token of the user for the purpose (e.g. reset links once the password changed). */
  deleteOneTimeTokens(owner: { userId: string; purpose: OneTimeTokenPurpose }): Promise<void>;
}

// 256 bits: unguessable by brute force, so a plain SHA-256 (no salt, no slow hash) is enough
// to keep a database leak from handing out working links.
const TOKEN_BYTES = 32;
/** What a token looks like on the wire: 32 bytes in base64url, no padding. */
export const ONE_TIME_TOKEN_PATTERN = "^[A-Za-z0-9_-]{43}$";

export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface OneTimeTokens {
  /** Creates a token for the user, superseding older ones of the purpose; returns the secret for the link. */
  issue(userId: string, purpose: OneTimeTokenPurpose, lifetimeMs: number): Promise<string>;
  consume(token: string, purpose: OneTimeTokenPurpose): Promise<ConsumeResult>;
  /** Read-only: whether consume would succeed now (see OneTimeTokenStore.inspectOneTimeToken). */
  inspect(token: string, purpose: OneTimeTokenPurpose): Promise<LinkState>;
}

export function createOneTimeTokens(store: OneTimeTokenStore, clock: Clock): OneTimeTokens {
  return {
    async issue(userId, purpose, lifetimeMs) {
      const token = randomBytes(TOKEN_BYTES).toString("base64url");
      const createdAt = clock.now();
      const expiresAt = new Date(createdAt.getTime() + lifetimeMs);
      await store.replaceOneTimeToken({ userId, purpose, tokenHash: hashOneTimeToken(token), createdAt, expiresAt });
      return token;
    },
    async consume(token, purpose) {
      return store.consumeOneTimeToken({ tokenHash: hashOneTimeToken(token), purpose, now: clock.now() });
    },
    async inspect(token, purpose) {
      return store.inspectOneTimeToken({ tokenHash: hashOneTimeToken(token), purpose, now: clock.now() });
    },
  };
}
