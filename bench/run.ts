// `npm run bench`: autocannon, from this process, against bench/server.ts in another one.
// Prints throughput of a protected vs an unprotected route (1,000 users each reusing its access
// token, and cold: every request a new token), login/s against raw argon2id verifications/s on the
// same cores, and the SQL statements of one refresh on SQLite and PostgreSQL.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import { once } from "node:events";
import { hash, verify } from "@node-rs/argon2";
import autocannon from "autocannon";
import { createSigner } from "fast-jwt";
import { ARGON2_PARAMS } from "../src/runtime/passwords.js";
import { GENERATED, generateTestClients } from "../test/support/prisma-clients.js";
import { benchEmail, PASSWORD, USERS } from "./fixtures.js";
import { countRefreshStatements } from "./refresh-statements.js";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;
const ROUNDS = 3;

const { privateKey } = generateKeyPairSync("ed25519");
const env = {
  ...process.env,
  NODE_ENV: "production",
  EMAIL_HOST: "127.0.0.1", // production requires SMTP; nothing is mailed in this benchmark
  JWT_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  JWT_KEY_ID: "bench",
  PUBLIC_URL: "http://localhost:3000",
};

async function main() {
  // The harness's Prisma clients; generated only when missing (regenerating would pull them away
  // from a test run going on in the same tree).
  if (!existsSync(path.join(GENERATED, "postgresql/src/generated/prisma/client.ts"))) await generateTestClients();
  const server = spawn(process.execPath, ["--import", "tsx", "bench/server.ts"], { env, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const [line] = (await once(server.stdout!, "data")) as [Buffer];
    const port = Number(/listening (\d+)/.exec(line.toString())?.[1]);
    const url = `http://127.0.0.1:${port}`;

    // Logins in batches interleaved with raw argon2 rounds, best of each (see below).
    const tokens: string[] = [];
    const loginRounds: number[] = [];
    const argon2Rounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      argon2Rounds.push(await measureArgon2());
      loginRounds.push(await measureLogins(url, tokens, Math.ceil(((round + 1) * USERS) / ROUNDS) - tokens.length));
    }
    if (tokens.length !== USERS) throw new Error(`only ${tokens.length} of ${USERS} logins succeeded`);
    const logins = Math.max(...loginRounds);
    const argon2PerSecond = Math.max(...argon2Rounds);
    // Both routes get the same requests (each of the 1,000 users sending its token), so the ratio
    // is the cost of checking the token, not of sending it.
    let next = 0;
    const reuse = () => tokens[next++ % tokens.length];
    // Interleaved rounds, best of each: other work on the machine only ever slows a round down.
    const openRounds: number[] = [];
    const warmRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      openRounds.push(await run(url, "/open", reuse));
      warmRounds.push(await run(url, "/protected", reuse));
    }
    const open = Math.max(...openRounds);
    const warm = Math.max(...warmRounds);
    const sign = createSigner({ key: env.JWT_PRIVATE_KEY, algorithm: "EdDSA", kid: "bench", header: { alg: "EdDSA", typ: "at+jwt" } });
    const cold = await run(url, "/protected", () => {
      const iat = Math.floor(Date.now() / 1000);
      return sign({ iss: env.PUBLIC_URL, aud: "jwt-allauth", sub: randomUUID(), sid: randomUUID(), jti: randomUUID(), iat, exp: iat + 300, email_verified: false });
    });
    const statements = await countRefreshStatements(env);

    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
    console.log(`\njwt-allauth benchmark (${availableParallelism()} cores, ${CONNECTIONS} connections, ${DURATION_S} s per run, best of ${ROUNDS} interleaved rounds)`);
    console.log(`rounds (req/s): unprotected ${openRounds.map(Math.round).join(" / ")}; protected ${warmRounds.map(Math.round).join(" / ")}`);
    console.log(`unprotected GET /open (token unread)  ${open.toFixed(0)} req/s`);
    console.log(`protected, 1,000 reused tokens        ${warm.toFixed(0)} req/s  (${pct(warm, open)} of unprotected)`);
    console.log(`protected, cold (new token each time) ${cold.toFixed(0)} req/s  (${pct(cold, open)} of unprotected)`);
    console.log(`login (1,000 users)                   ${logins.toFixed(1)} logins/s  (rounds ${loginRounds.map(Math.round).join(" / ")})`);
    console.log(`raw argon2id verify, same cores       ${argon2PerSecond.toFixed(1)} verifications/s  (rounds ${argon2Rounds.map(Math.round).join(" / ")}; login = ${pct(logins, argon2PerSecond)} of it)`);
    for (const [db, queries] of Object.entries(statements)) console.log(`refresh on ${db.padEnd(10)}                 ${queries.length} SQL statements: ${queries.map((q) => q.split(" ")[0]).join(", ")}`);
  } finally {
    server.kill("SIGTERM");
    await once(server, "exit");
  }
}

/** Logs the next `count` users in (each once, 8 at a time), keeps their access tokens, returns logins/s. */
async function measureLogins(url: string, tokens: string[], count: number): Promise<number> {
  let i = tokens.length;
  // Timed to the last response, not to autocannon's return: autocannon ends a run on its
  // 1-second sampling tick, which rounded every round up to whole seconds (333 logins "in 2 s").
  let lastResponse = 0;
  const started = performance.now();
  await autocannon({
    url,
    connections: 8,
    amount: count,
    requests: [
      {
        method: "POST",
        path: "/jwt-allauth/login/",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ email: benchEmail(i++), password: PASSWORD }) }),
        onResponse: (status, body) => {
          if (status === 200) tokens.push(JSON.parse(body).access);
          lastResponse = performance.now();
        },
      },
    ],
  });
  return count / ((lastResponse - started) / 1000);
}

/** Raw argon2id verifications per second with libuv's default 4 threads, as the server has them. */
async function measureArgon2(): Promise<number> {
  const stored = await hash(PASSWORD, ARGON2_PARAMS);
  const total = 100;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (done < total) {
        done++;
        await verify(stored, PASSWORD);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function run(url: string, path: string, token: () => string | undefined): Promise<number> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: "GET",
        path,
        setupRequest: (request) => {
          const value = token();
          return value ? { ...request, headers: { ...request.headers, authorization: `Bearer ${value}` } } : request;
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

await main();
