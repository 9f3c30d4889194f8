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

/** The user flags a rotation returns: whether the session may still issue tokens, and what they say. */
export interface UserFlags {
  isActive: boolean;
  emailVerified: boolean;
}

export interface SessionStore {
  createSession(session: NewSession): Promise<void>;
  /**
   * ONE SQL statement on SQLite and PostgreSQL: a conditional UPDATE (`id = sid AND jti = presented
   * AND revokedAt IS NULL AND expiresAt > now`) that swaps in the next token, remembers the
   * presented jti as previousJti and RETURNS the user's flags; null when no row matched. Of
   * concurrent calls with the same presented jti exactly one gets the flags: the row lock
   * serialises them and the losers re-check `jti = presented`, which no longer holds.
   */
  rotateSession(rotation: Rotation): Promise<UserFlags | null>;
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

/** Every session was created after this: the lifetime cap off, in a statement that always compares. */
const NO_LIFETIME_CAP = new Date(0);

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
      // Raw because Prisma's update-with-relation is 4 statements (UPDATE, two SELECTs, COMMIT).
      // The same SQL runs on both providers: quoted identifiers, scalar subqueries in RETURNING.
      const rows = await prisma.$queryRaw<Array<{ isActive: unknown; emailVerified: unknown }>>`
        UPDATE "Session"
        SET "jti" = ${next.jti}, "issuedAt" = ${next.issuedAt}, "expiresAt" = ${next.expiresAt},
            "previousJti" = ${presentedJti}, "rotatedAt" = ${now}, "lastUsedAt" = ${now}
        WHERE "id" = ${sessionId} AND "jti" = ${presentedJti} AND "revokedAt" IS NULL AND "expiresAt" > ${now}
          AND "createdAt" > ${createdAfter ?? NO_LIFETIME_CAP}
        RETURNING (SELECT "isActive" FROM "User" WHERE "User"."id" = "Session"."userId") AS "isActive",
                  (SELECT "emailVerified" FROM "User" WHERE "User"."id" = "Session"."userId") AS "emailVerified"`;
      const row = rows[0];
      // SQLite answers booleans as 0/1.
      return row ? { isActive: Boolean(row.isActive), emailVerified: Boolean(row.emailVerified) } : null;
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
