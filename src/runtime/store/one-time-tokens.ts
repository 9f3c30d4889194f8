import type { ConsumeResult, LinkState, OneTimeTokenPurpose, OneTimeTokenStore } from "../one-time-tokens.js";
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
    async inspectOneTimeToken({ tokenHash, purpose, now }): Promise<LinkState> {
      return stateOf((await tokens.findUnique({ where: { tokenHash } })) as TokenRow | null, purpose, now);
    },
    async consumeOneTimeToken({ tokenHash, purpose, now }): Promise<ConsumeResult> {
      const row = (await tokens.findUnique({ where: { tokenHash } })) as TokenRow | null;
      const state = stateOf(row, purpose, now);
      if (state === "invalid" || state === "expired") return { status: state };
      const { id, userId } = row!; // stateOf answers "invalid" for a missing row
      if (state === "used") return { status: "used", userId };
      // The single-use guarantee: only the update that still sees usedAt NULL changes the row.
      const { count } = await tokens.updateMany({
        where: { id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      return { status: count === 1 ? "consumed" : "used", userId };
    },
    async deleteOneTimeTokens({ userId, purpose }) {
      await tokens.deleteMany({ where: { userId, purpose } });
    },
  };
}

function stateOf(row: TokenRow | null, purpose: OneTimeTokenPurpose, now: Date): LinkState {
  if (!row || row.purpose !== purpose) return "invalid";
  if (row.usedAt) return "used";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "usable";
}
