// The password module alone: policy, parameters, rehash detection, and hashing off the event loop.
import { Algorithm, hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { createPasswords, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../src/runtime/passwords.js";

const passwords = createPasswords();

describe("passwords", () => {
  it("hashes with argon2id m=19456 KiB t=2 p=1 and verifies", async () => {
    const stored = await passwords.hash("a fine passphrase");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await passwords.verify(stored, "a fine passphrase")).toBe(true);
    expect(await passwords.verify(stored, "another passphrase")).toBe(false);
    expect(passwords.needsRehash(stored)).toBe(false);
  });

  it("asks for a rehash of hashes made with other parameters or algorithms", async () => {
    expect(passwords.needsRehash(await hash("x", { algorithm: Algorithm.Argon2id, memoryCost: 8192, timeCost: 2, parallelism: 1 }))).toBe(true);
    expect(passwords.needsRehash(await hash("x", { algorithm: Algorithm.Argon2i, memoryCost: 19456, timeCost: 2, parallelism: 1 }))).toBe(true);
    expect(passwords.needsRehash("pbkdf2_sha256$old")).toBe(true);
  });

  it("hashes off the event loop: other callbacks run while a hash is computed", async () => {
    let finished = false;
    const pending = passwords.hash("a fine passphrase").then(() => {
      finished = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    await pending;
    expect(finished).toBe(true);
  });

  it("applies the length rule in characters, not bytes, and no composition rules", () => {
    expect(() => passwords.checkPolicy("a".repeat(MIN_PASSWORD_LENGTH - 1), "password")).toThrow(/^password/);
    expect(() => passwords.checkPolicy("😀".repeat(MIN_PASSWORD_LENGTH), "password")).not.toThrow();
    expect(() => passwords.checkPolicy("x".repeat(64), "password")).not.toThrow();
    expect(() => passwords.checkPolicy("😀".repeat(MAX_PASSWORD_LENGTH), "password")).not.toThrow();
    expect(() => passwords.checkPolicy("x".repeat(MAX_PASSWORD_LENGTH + 1), "newPassword")).toThrow(/^newPassword/);
    expect(() => passwords.checkPolicy("alllowercaseletters", "password")).not.toThrow();
  });

  it("refuses the bundled common passwords in any case", () => {
    for (const common of ["password", "12345678", "iloveyou1", "Qwertyuiop", "TRUSTNO1"]) {
      expect(() => passwords.checkPolicy(common, "password"), common).toThrow(/too common/);
    }
  });

  it("answers false, not an error, for a corrupt stored hash", async () => {
    expect(await passwords.verify("garbage", "x")).toBe(false);
  });
});
