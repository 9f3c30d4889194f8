// Recovery codes as domain verbs: stored hashed, spent by one conditional UPDATE.
import type { ModelDelegate } from "../../runtime/store/index.js";

export interface RecoveryCodeSummary {
  remaining: number;
  createdAt: Date | null;
  lastUsedAt: Date | null;
}

export interface RecoveryCodeStore {
  /** The user's codes are now exactly these (the old ones stop working). */
  replaceRecoveryCodes(userId: string, codeHashes: readonly string[], now: Date): Promise<void>;
  /**
   * Spends the code: ONE conditional UPDATE (`usedAt IS NULL`). Of concurrent uses of one code
   * exactly one returns true.
   */
  useRecoveryCode(userId: string, codeHash: string, now: Date): Promise<boolean>;
  summarizeRecoveryCodes(userId: string): Promise<RecoveryCodeSummary>;
  deleteRecoveryCodes(userId: string): Promise<void>;
}

export function createRecoveryCodeStore(codes: ModelDelegate): RecoveryCodeStore {
  return {
    async replaceRecoveryCodes(userId, codeHashes, now) {
      await codes.deleteMany({ where: { userId } });
      for (const codeHash of codeHashes) await codes.create({ data: { userId, codeHash, createdAt: now } });
    },
    async useRecoveryCode(userId, codeHash, now) {
      return (await codes.updateMany({ where: { userId, codeHash, usedAt: null }, data: { usedAt: now } })).count === 1;
    },
    async summarizeRecoveryCodes(userId) {
      const rows = (await codes.findMany({ where: { userId }, select: { usedAt: true, createdAt: true } })) as { usedAt: Date | null; createdAt: Date }[];
      const used = rows.flatMap((row) => (row.usedAt ? [row.usedAt.getTime()] : []));
      return {
        remaining: rows.length - used.length,
        createdAt: rows[0]?.createdAt ?? null,
        lastUsedAt: used.length > 0 ? new Date(Math.max(...used)) : null,
      };
    },
    async deleteRecoveryCodes(userId) {
      await codes.deleteMany({ where: { userId } });
    },
  };
}
