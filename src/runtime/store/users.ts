import { isUniqueViolation, type PrismaClientLike } from "./prisma.js";
import type { UserRecord } from "./records.js";

export interface NewUser {
  /** Already in its one spelling (readEmail: trimmed, NFC, lower-cased, IDNA-checked) by the caller. */
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
}

export interface UserStore {
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  /**
   * Creates the account, or returns null when the email is taken. Two concurrent registrations
   * of one email: the unique index lets exactly one insert win; the other gets null, not a 500.
   */
  createUser(user: NewUser): Promise<UserRecord | null>;
  updateUserNames(id: string, names: { firstName?: string; lastName?: string }): Promise<UserRecord>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
  /**
   * Marks the address verified; true only for the call that changed it (one conditional update),
   * so of two concurrent verifications exactly one acts on the first verification.
   */
  markEmailVerified(id: string): Promise<boolean>;
}

export function createUserStore(prisma: PrismaClientLike): UserStore {
  const users = prisma.user;
  return {
    async findUserByEmail(email) {
      return (await users.findUnique({ where: { email } })) as UserRecord | null;
    },
    async findUserById(id) {
      return (await users.findUnique({ where: { id } })) as UserRecord | null;
    },
    async createUser(user) {
      try {
        return (await users.create({ data: user })) as UserRecord;
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
    async updateUserNames(id, names) {
      return (await users.update({ where: { id }, data: names })) as UserRecord;
    },
    async updatePasswordHash(id, passwordHash) {
      await users.update({ where: { id }, data: { passwordHash } });
    },
    async markEmailVerified(id) {
      const { count } = await users.updateMany({ where: { id, emailVerified: false }, data: { emailVerified: true } });
      return count === 1;
    },
  };
}
