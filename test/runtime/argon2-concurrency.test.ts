// Issue 10, goal 4: at most as many argon2 hashes in flight as libuv has threads (each holds
// 19 MiB); a burst waits in line instead of being refused.
import { describe, expect, it } from "vitest";
import { createConcurrencyLimit, threadPoolSize } from "../../src/runtime/concurrency-limit.js";
import { ARGON2_LIMIT, createPasswords } from "../../src/runtime/passwords.js";

describe("argon2 concurrency", () => {
  it("a burst of 12 hashes and verifications runs 2 at a time through a limit of 2, and all succeed", async () => {
    const limit = createConcurrencyLimit(2);
    const passwords = createPasswords(limit);
    const stored = await passwords.hash("a fine passphrase");
    let peak = 0;
    let peakWaiting = 0;
    const sample = setInterval(() => {
      peak = Math.max(peak, limit.active);
      peakWaiting = Math.max(peakWaiting, limit.waiting);
    }, 1);
    const burst = Array.from({ length: 12 }, (_, i) => (i % 2 ? passwords.verify(stored, "a fine passphrase") : passwords.hash(`password ${i}`)));
    peak = Math.max(peak, limit.active);
    peakWaiting = Math.max(peakWaiting, limit.waiting);
    const results = await Promise.all(burst);
    clearInterval(sample);
    expect(results.filter((result) => result === true)).toHaveLength(6);
    expect(results.filter((result) => typeof result === "string")).toHaveLength(6);
    expect(peak).toBe(2);
    expect(peakWaiting).toBe(10);
    expect(limit.active).toBe(0);
  });

  it("a failing task frees its slot for the next in line", async () => {
    const limit = createConcurrencyLimit(1);
    const failed = limit.run(() => Promise.reject(new Error("corrupt hash")));
    const next = limit.run(async () => "ran");
    await expect(failed).rejects.toThrow("corrupt hash");
    expect(await next).toBe("ran");
    expect(limit.active).toBe(0);
  });

  it("the process-wide limit is libuv's thread-pool size (UV_THREADPOOL_SIZE, else 4)", () => {
    expect(threadPoolSize({})).toBe(4);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: "8" })).toBe(8);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: "nonsense" })).toBe(4);
    const passwords = createPasswords();
    const burst = Array.from({ length: 6 }, () => passwords.hash("a fine passphrase"));
    expect(ARGON2_LIMIT.active).toBe(threadPoolSize());
    expect(ARGON2_LIMIT.waiting).toBe(6 - threadPoolSize());
    return Promise.all(burst);
  });
});
