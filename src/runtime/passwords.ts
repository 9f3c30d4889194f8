// Password hashing and policy. argon2id runs in libuv's thread pool (@node-rs/argon2 is async),
// so a login never blocks the event loop for the ~30 ms a hash costs.
import { Algorithm, hash, verify } from "@node-rs/argon2";
import commonPasswords from "./data/common-passwords.json" with { type: "json" };
import { createConcurrencyLimit, threadPoolSize, type ConcurrencyLimit } from "./concurrency-limit.js";
import { PasswordTooCommon, PasswordTooLong, PasswordTooShort } from "./errors.js";

/** OWASP's argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane. */
export const ARGON2_PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 8;
/** Long passphrases are welcome; the cap only bounds the work an attacker can make us hash. */
export const MAX_PASSWORD_LENGTH = 128;

// The most frequent leaked passwords of 8+ characters (from @zxcvbn-ts/language-common, MIT),
// lower-cased: "Password1" is as guessable as "password1".
const COMMON = new Set<string>(commonPasswords);

export interface Passwords {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends one verification on a fixed hash, so an unknown email costs what a wrong password costs. */
  verifyDummy(password: string): Promise<void>;
  /** True when the hash was made with other parameters (or another algorithm) than today's. */
  needsRehash(passwordHash: string): boolean;
  /** Throws a 400 naming `field` when the password breaks the policy. No composition rules (NIST 800-63B). */
  checkPolicy(password: string, field: string): void;
}

/**
 * One per process, because the thread pool is: a burst of logins queues here instead of holding
 * 19 MiB per hash waiting inside libuv (100 concurrent logins were 1.9 GiB of argon2 memory).
 */
export const ARGON2_LIMIT = createConcurrencyLimit(threadPoolSize());

const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`;

export function createPasswords(limit: ConcurrencyLimit = ARGON2_LIMIT): Passwords {
  let dummyHash: Promise<string> | undefined;
  const limitedHash = (password: string) => limit.run(() => hash(password, ARGON2_PARAMS));
  return {
    hash: limitedHash,
    async verify(passwordHash, password) {
      try {
        return await limit.run(() => verify(passwordHash, password));
      } catch {
        // A corrupt or foreign hash in the database is a failed login, not a 500.
        return false;
      }
    },
    async verifyDummy(password) {
      dummyHash ??= limitedHash("jwt-allauth dummy password");
      const stored = await dummyHash;
      await limit.run(() => verify(stored, password));
    },
    needsRehash: (passwordHash) => !passwordHash.startsWith(CURRENT_PREFIX),
    checkPolicy(password, field) {
      const length = [...password].length;
      if (length < MIN_PASSWORD_LENGTH) throw new PasswordTooShort(field, MIN_PASSWORD_LENGTH);
      if (length > MAX_PASSWORD_LENGTH) throw new PasswordTooLong(field, MAX_PASSWORD_LENGTH);
      if (COMMON.has(password.toLowerCase())) throw new PasswordTooCommon(field);
    },
  };
}
