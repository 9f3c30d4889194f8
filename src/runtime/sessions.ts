// Device sessions: the refresh-token whitelist. Each login creates one Session row whose `jti`
// is the only refresh token that may rotate; everything here is built on the store's conditional
// updates, so the rules hold across processes and app instances.
import { randomUUID } from "node:crypto";
import type { Clock } from "./clock.js";
import { AccountInactive, TokenNotValid } from "./errors.js";
import type { Settings } from "./settings.js";
import type { DeviceInfo, RefreshTokenState, SessionRevokedReason, Store } from "./store/index.js";
import type { TokenSubject, Tokens } from "./tokens.js";

/** How long an instance trusts its answer to "is this session still live?" (JWT_ACCESS_SESSION_CHECK). */
export const SESSION_CHECK_TTL_MS = 5_000;
const SESSION_CHECK_CACHE_SIZE = 10_000;

export interface TokenPair {
  access: string;
  refresh: string;
}

export interface RequestOrigin {
  ip: string;
  userAgent: string;
}

export interface Sessions {
  /** Opens a device session and returns its first token pair. */
  start(user: { id: string; emailVerified: boolean }, device: DeviceInfo): Promise<TokenPair & { sessionId: string }>;
  /**
   * Rotates the presented refresh token. Normal path: one SQL statement (the conditional update
   * returning the user's flags). Throws TokenNotValid for anything else; a no-longer-current token outside
   * the grace window also ends its session (reuse detection).
   */
  refresh(refreshToken: string, origin: RequestOrigin): Promise<TokenPair>;
  /**
   * Logout by refresh token: ends the session the (correctly signed) token belongs to, whether or
   * not the token is still current. Idempotent: an already ended session is not an error.
   */
  endByRefreshToken(refreshToken: string): Promise<void>;
  /** Ends one session of the user; false when there is no such live session. */
  end(sessionId: string, reason: SessionRevokedReason, userId?: string): Promise<boolean>;
  /** Ends every session of the user but `keep`; returns how many ended. */
  endAll(userId: string, reason: SessionRevokedReason, keep?: string): Promise<number>;
  /** Cached for SESSION_CHECK_TTL_MS; a session ended on this instance is forgotten at once. */
  isLive(sessionId: string): Promise<boolean>;
  /**
   * The user proved who they are again (step-up): an access token of the same session whose
   * auth_time is now. Only that token carries it (refreshes keep the login's auth_time), so the
   * step-up lasts at most one access-token lifetime. TokenNotValid when the session ended.
   */
  reauthenticate(subject: { userId: string; sessionId: string; emailVerified: boolean }): Promise<string>;
}

interface Deps {
  settings: Settings;
  store: Store;
  tokens: Tokens;
  clock: Clock;
}

export function createSessions({ settings, store, tokens, clock }: Deps): Sessions {
  const { refreshGracePeriod, sessionMaxLifetime } = settings.jwt;
  const liveCache = new Map<string, { live: boolean; until: number }>();
  const createdAfter = (now: Date) => (sessionMaxLifetime === undefined ? undefined : new Date(now.getTime() - sessionMaxLifetime));
  const issue = (subject: TokenSubject, emailVerified: boolean, refreshState: RefreshTokenState, now: Date): TokenPair => ({
    access: tokens.signAccess({ ...subject, emailVerified }, now),
    refresh: tokens.signRefresh(subject, refreshState),
  });

  // The only two ways a session ends (logout, revocation, reuse, password change or reset, a
  // verified address...). Both forget this instance's liveness cache, so a session ended here is
  // refused here at once; `epoch` stops a liveness query that read the row before the revocation
  // from caching "live" after it.
  let epoch = 0;
  const end = async (sessionId: string, reason: SessionRevokedReason, userId?: string) => {
    const ended = await store.revokeSession(sessionId, reason, clock.now(), userId);
    epoch += 1;
    liveCache.delete(sessionId);
    return ended;
  };
  const endAll = async (userId: string, reason: SessionRevokedReason, keep?: string) => {
    const ended = await store.revokeUserSessions(userId, reason, clock.now(), keep);
    epoch += 1;
    // The cache is keyed by session, not user: forgetting everything is the cheap exact answer.
    liveCache.clear();
    return ended;
  };

  return {
    async start(user, device) {
      const now = clock.now();
      const sessionId = randomUUID();
      const cap = sessionMaxLifetime === undefined ? undefined : new Date(now.getTime() + sessionMaxLifetime);
      const state = tokens.nextRefreshState(now, cap);
      await store.createSession({ id: sessionId, userId: user.id, createdAt: now, ...state, ...device });
      return { sessionId, ...issue({ userId: user.id, sessionId, authTime: now }, user.emailVerified, state, now) };
    },

    async refresh(refreshToken, origin) {
      const claims = tokens.verifyRefresh(refreshToken);
      // The login's auth_time travels in the refresh token itself, so rotating needs no extra read.
      const subject = { userId: claims.sub, sessionId: claims.sid, authTime: new Date((claims.auth_time ?? 0) * 1000) };
      const now = clock.now();
      const next = tokens.nextRefreshState(now);
      const after = createdAfter(now);
      const user = await store.rotateSession({ sessionId: claims.sid, presentedJti: claims.jti, next, now, createdAfter: after });
      if (user) {
        if (!user.isActive) {
          await end(claims.sid, "user_inactive");
          throw new AccountInactive();
        }
        return issue(subject, user.emailVerified, next, now);
      }

      const session = await store.findSessionWithUser(claims.sid);
      const live =
        session !== null &&
        session.userId === claims.sub &&
        session.revokedAt === null &&
        session.expiresAt > now &&
        (after === undefined || session.createdAt > after);
      if (!live) throw new TokenNotValid();
      if (!session.user.isActive) throw new AccountInactive();
      // Two tabs refreshing with one token: the loser gets the winner's token back, byte for byte.
      const withinGrace = session.rotatedAt !== null && now.getTime() - session.rotatedAt.getTime() <= refreshGracePeriod;
      if (session.previousJti === claims.jti && withinGrace) {
        return issue(subject, session.user.emailVerified, session, now);
      }
      // A correctly signed token that is no longer current was stolen or replayed: end the device.
      if (await end(claims.sid, "reuse_detected")) {
        await store.recordAuditEvent({
          type: "refresh_token_reuse",
          userId: claims.sub,
          sessionId: claims.sid,
          ip: origin.ip,
          userAgent: origin.userAgent,
          detail: { jti: claims.jti },
        });
      }
      throw new TokenNotValid();
    },

    async endByRefreshToken(refreshToken) {
      const claims = tokens.verifyRefresh(refreshToken);
      await end(claims.sid, "logout", claims.sub);
    },

    end,
    // Other instances notice within SESSION_CHECK_TTL_MS; this one at once.
    endAll,

    async reauthenticate({ userId, sessionId, emailVerified }) {
      const now = clock.now();
      if (!(await store.isSessionLive(sessionId, now, createdAfter(now)))) throw new TokenNotValid();
      return tokens.signAccess({ userId, sessionId, emailVerified, authTime: now }, now);
    },

    async isLive(sessionId) {
      const now = clock.now();
      const cached = liveCache.get(sessionId);
      if (cached && cached.until > now.getTime()) return cached.live;
      const asked = epoch;
      const live = await store.isSessionLive(sessionId, now, createdAfter(now));
      if (asked !== epoch) return live;
      if (liveCache.size >= SESSION_CHECK_CACHE_SIZE) liveCache.delete(liveCache.keys().next().value!);
      liveCache.set(sessionId, { live, until: now.getTime() + SESSION_CHECK_TTL_MS });
      return live;
    },
  };
}
