import type { PrismaClientLike } from "./prisma.js";
import type { DeviceInfo, RefreshTokenState, SessionRecord, SessionRevokedReason } from "./records.js";

export interface NewSession extends DeviceInfo, RefreshTokenState {
  /** Chosen by the caller: it is the `sid` claim of the token signed before the insert. */
  id: string;
  userId: string;
  createdAt: Date;
}

export interface Rotation {
  sessionId: string;
  /** The jti of the refresh token presented. */
  presentedJti: string;
  next: RefreshTokenState;
  now: Date;
  /** Sessions created before this instant are past JWT_SESSION_MAX_LIFETIME and do not rotate. */
  createdAfter: Date | undefined;
}

/** A session with the two user flags that decide whether it may still issue tokens. */
export interface SessionWithUser extends SessionRecord {
  user: { isActive: boolean; emailVerified: boolean };
}

export interface SessionStore {
  createSession(session: NewSession): Promise<void>;
  /**
   * ONE conditional UPDATE (`id = sid AND jti = presented AND revokedAt IS NULL AND expiresAt > now`)
   * that swaps in the next token and remembers the presented jti as previousJti. Of concurrent
   * calls with the same presented jti exactly one returns true: the row lock serialises them and
   * the losers re-check `jti = presented`, which no longer holds.
   */
  rotateSession(rotation: Rotation): Promise<boolean>;
  findSessionWithUser(id: string): Promise<SessionWithUser | null>;
  /**
   * Ends one session (a conditional UPDATE on `revokedAt IS NULL`); false when it was already
   * ended or belongs to another user. Of concurrent calls exactly one returns true, so the caller
   * acts once (one reuse audit event per session, however many replays race).
   */
  revokeSession(id: string, reason: SessionRevokedReason, now: Date, userId?: string): Promise<boolean>;
  /** Ends every live session of the user except `keep`; returns how many ended. */
  revokeUserSessions(userId: string, reason: SessionRevokedReason, now: Date, keep?: string): Promise<number>;
  /** Sessions that can still refresh, most recently used first. */
  listLiveSessions(userId: string, now: Date, createdAfter: Date | undefined): Promise<SessionRecord[]>;
  /** Whether the session can still refresh (not revoked, not expired, not past its lifetime cap). */
  isSessionLive(id: string, now: Date, createdAfter: Date | undefined): Promise<boolean>;
}

export function createSessionStore(prisma: PrismaClientLike): SessionStore {
  const sessions = prisma.session;
  const live = (now: Date, createdAfter?: Date) => ({
    revokedAt: null,
    expiresAt: { gt: now },
    ...(createdAfter ? { createdAt: { gt: createdAfter } } : {}),
  });
  return {
    async createSession(session) {
      await sessions.create({ data: { ...session, lastUsedAt: session.createdAt } });
    },
    async rotateSession({ sessionId, presentedJti, next, now, createdAfter }) {
      const { count } = await sessions.updateMany({
        where: { id: sessionId, jti: presentedJti, ...live(now, createdAfter) },
        data: { ...next, previousJti: presentedJti, rotatedAt: now, lastUsedAt: now },
      });
      return count === 1;
    },
    async findSessionWithUser(id) {
      return (await sessions.findUnique({
        where: { id },
        include: { user: { select: { isActive: true, emailVerified: true } } },
      })) as SessionWithUser | null;
    },
    async revokeSession(id, reason, now, userId) {
      const { count } = await sessions.updateMany({
        where: { id, revokedAt: null, ...(userId ? { userId } : {}) },
        data: { revokedAt: now, revokedReason: reason },
      });
      return count === 1;
    },
    async revokeUserSessions(userId, reason, now, keep) {
      const { count } = await sessions.updateMany({
        where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
        data: { revokedAt: now, revokedReason: reason },
      });
      return count;
    },
    async listLiveSessions(userId, now, createdAfter) {
      return (await sessions.findMany({
        where: { userId, ...live(now, createdAfter) },
        orderBy: { lastUsedAt: "desc" },
      })) as SessionRecord[];
    },
    async isSessionLive(id, now, createdAfter) {
      return (await sessions.findFirst({ where: { id, ...live(now, createdAfter) }, select: { id: true } })) !== null;
    },
  };
}
