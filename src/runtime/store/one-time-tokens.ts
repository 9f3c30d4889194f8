import type { ConsumeResult, OneTimeTokenStore } from "../one-time-tokens.js";
import type { PrismaClientLike } from "./prisma.js";

interface TokenRow {
  id: string;
  userId: string;
  purpose: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export function createOneTimeTokenStore(prisma: PrismaClientLike): OneTimeTokenStore {
  const tokens = prisma.oneTimeToken;
  return {
    async replaceOneTimeToken({ userId, purpose, tokenHash, createdAt, expiresAt }) {
      await tokens.create({ data: { userId, purpose, tokenHash, expiresAt, createdAt } });
      // Strictly older only: of two requests racing, the later one survives and the earlier is
      // deleted, but neither deletes the other's token and leaves the user with no working link.
      await tokens.deleteMany({ where: { userId, purpose, createdAt: { lt: createdAt } } });
    },
    async consumeOneTimeToken({ tokenHash, purpose, now }): Promise<ConsumeResult> {
      const row = (await tokens.findUnique({ where: { tokenHash } })) as TokenRow | null;
      if (!row || row.purpose !== purpose) return { status: "invalid" };
      if (row.usedAt) return { status: "used", userId: row.userId };
      if (row.expiresAt.getTime() <= now.getTime()) return { status: "expired" };
      // The single-use guarantee: only the update that still sees usedAt NULL changes the row.
      const { count } = await tokens.updateMany({
        where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      return count === 1 ? { status: "consumed", userId: row.userId } : { status: "used", userId: row.userId };
    },
    async deleteOneTimeTokens({ userId, purpose }) {
      await tokens.deleteMany({ where: { userId, purpose } });
    },
  };
}
