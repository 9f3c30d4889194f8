// The ceiling for logins: raw argon2id verifications per second in this process, with libuv's
// default 4 threads, as the server has them, on the same cores (measured between load runs).
import { hash, verify } from "@node-rs/argon2";
import { ARGON2_PARAMS } from "../../src/runtime/passwords.js";
import { PASSWORD } from "../fixtures.js";

export async function measureArgon2(total = 100): Promise<number> {
  const stored = await hash(PASSWORD, ARGON2_PARAMS);
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (started < total) {
        started++;
        await verify(stored, PASSWORD);
      }
    }),
  );
  return total / ((performance.now() - begin) / 1000);
}
