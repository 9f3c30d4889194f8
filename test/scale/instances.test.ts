// Issue 16: several instances of one generated project (`npm start`) behind HAProxy, round-robin,
// on one PostgreSQL and one Redis. What one instance promises must hold across all of them.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseEnv } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_CHECK_TTL_MS } from "../../src/runtime/sessions.js";
import { call, clientIp, hello, PASSWORD, post, refresh, register, type Tokens } from "./support/client.js";
import { GRACE_PERIOD_MS, startCluster, type Cluster } from "./support/cluster.js";

const INSTANCES = 3;
let cluster: Cluster;
const direct = (index: number) => cluster.instances[index]!.url;
const liveSessions = async (userId: string) =>
  Number((await cluster.query<{ n: string }>(`SELECT count(*) AS n FROM "Session" WHERE "userId" = $1 AND "revokedAt" IS NULL`, [userId]))[0]!.n);
const reuseEvents = async (userId: string) =>
  Number((await cluster.query<{ n: string }>(`SELECT count(*) AS n FROM "AuditEvent" WHERE "userId" = $1 AND type = 'refresh_token_reuse'`, [userId]))[0]!.n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("three instances behind a load balancer on one PostgreSQL and one Redis", () => {
  beforeAll(async () => {
    cluster = await startCluster({ instances: INSTANCES });
  }, 10 * 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("a refresh storm (one token, 20 times at once, over all instances) gets one successor and keeps one session", async () => {
    const user = await register(cluster.url);
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(cluster.url, user.refresh)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((answer) => answer.instance)).size).toBe(INSTANCES);
    // The losers of the race got the winner's token back, byte for byte (the grace window).
    expect(new Set(answers.map((answer) => answer.body.refresh)).size).toBe(1);
    expect(await liveSessions(user.userId)).toBe(1);
    expect(await reuseEvents(user.userId)).toBe(0);
    expect((await refresh(cluster.url, answers[0]!.body.refresh)).status).toBe(200);
  });

  it("reuse of a rotated token after the grace window, on another instance, ends the session everywhere", async () => {
    const user = await register(cluster.url);
    const rotated = await refresh(direct(0), user.refresh);
    expect(rotated.status).toBe(200);
    await sleep(GRACE_PERIOD_MS + 500);
    expect((await refresh(direct(1), user.refresh)).status).toBe(401);
    for (let index = 0; index < INSTANCES; index++) expect((await refresh(direct(index), rotated.body.refresh)).status).toBe(401);
    expect(await liveSessions(user.userId)).toBe(0);
    expect(await reuseEvents(user.userId)).toBe(1);
  });

  it("logout-all on one instance: refresh is refused by the others at once, access tokens within the session-check bound", { timeout: 60_000 }, async () => {
    const user = await register(cluster.url);
    const second = await post<Tokens>(cluster.url, "/login/", { email: user.email, password: PASSWORD });
    const devices = [user, second.body];
    // Every instance has just checked both sessions and caches "live".
    for (let index = 0; index < INSTANCES; index++) for (const device of devices) expect((await hello(direct(index), device.access)).status).toBe(200);

    const loggedOut = await call(direct(0), "POST", "/jwt-allauth/logout-all/", { access: user.access });
    const endedAt = Date.now();
    expect(loggedOut.body).toMatchObject({ revoked: 2 });
    for (let index = 0; index < INSTANCES; index++) for (const device of devices) expect((await refresh(direct(index), device.refresh)).status).toBe(401);
    expect((await hello(direct(0), user.access)).status).toBe(401);

    // The other instances trust their cached answer for at most SESSION_CHECK_TTL_MS.
    const refusedAfter: number[] = [];
    for (const index of [1, 2]) {
      for (;;) {
        const sentAfter = Date.now() - endedAt;
        if ((await hello(direct(index), second.body.access)).status !== 200) break;
        // A request sent after the bound (plus slack for the clocks of a busy machine) must be refused.
        expect(sentAfter).toBeLessThan(SESSION_CHECK_TTL_MS + 1_000);
        await sleep(50);
      }
      refusedAfter.push(Date.now() - endedAt);
    }
    console.log(`[scale] logout-all: access tokens refused by the other instances after ${refusedAfter.join(" and ")} ms (bound ${SESSION_CHECK_TTL_MS} ms)`);
  });

  it("the per-account login limit counts attempts on every instance, from any address", async () => {
    const user = await register(cluster.url);
    const attempts = [];
    for (let attempt = 0; attempt < 10; attempt++) attempts.push(await post(cluster.url, "/login/", { email: user.email, password: "wrong password!" }));
    expect(attempts.map((attempt) => attempt.status)).toEqual(Array(10).fill(401));
    expect(new Set(attempts.map((attempt) => attempt.instance)).size).toBe(INSTANCES);
    for (let index = 0; index < INSTANCES; index++) {
      const blocked = await post(direct(index), "/login/", { email: user.email, password: PASSWORD }, clientIp());
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ code: "rate_limited" });
    }
  });

  it("a key rotation rolled out one instance at a time keeps every token valid on every instance", { timeout: 3 * 60_000 }, async () => {
    const dotEnv = parseEnv(await readFile(path.join(cluster.project, ".env"), "utf8"));
    const oldKid = dotEnv.JWT_KEY_ID!;
    const oldPublic = publicPemOf(dotEnv.JWT_PRIVATE_KEY!.replace(/\\n/g, "\n"));
    const next = generateKeyPairSync("ed25519");
    const newKid = "rotated-key";
    const newPrivate = next.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const newPublic = next.publicKey.export({ type: "spki", format: "pem" }).toString();

    const user = await register(cluster.url);
    let current: Tokens = user;
    const accessTokens = [user.access];
    const checkEverywhere = async (step: string) => {
      for (let index = 0; index < INSTANCES; index++) {
        for (const access of accessTokens) expect((await hello(direct(index), access)).status, `${step}: instance ${index + 1}`).toBe(200);
      }
      // The user goes on refreshing through the load balancer and is never logged out.
      const refreshed = await refresh(cluster.url, current.refresh);
      expect(refreshed.status, step).toBe(200);
      current = refreshed.body;
      accessTokens.push(current.access);
    };

    // Step 1: every instance learns the new public key while still signing with the old one.
    for (let index = 0; index < INSTANCES; index++) {
      await cluster.instances[index]!.restart({ JWT_PUBLIC_KEYS: JSON.stringify({ [newKid]: newPublic }) });
      await checkEverywhere(`step 1, instance ${index + 1} restarted`);
    }
    for (let index = 0; index < INSTANCES; index++) expect(await kids(direct(index))).toEqual([newKid, oldKid].sort());
    // Step 2: every instance signs with the new key and keeps the old one for verification.
    for (let index = 0; index < INSTANCES; index++) {
      await cluster.instances[index]!.restart({ JWT_PRIVATE_KEY: newPrivate, JWT_KEY_ID: newKid, JWT_PUBLIC_KEYS: JSON.stringify({ [oldKid]: oldPublic }) });
      const login = await post<Tokens>(direct(index), "/login/", { email: user.email, password: PASSWORD });
      expect(kidOf(login.body.access)).toBe(newKid);
      accessTokens.push(login.body.access);
      await checkEverywhere(`step 2, instance ${index + 1} restarted`);
    }
    expect(new Set(accessTokens.map(kidOf))).toEqual(new Set([oldKid, newKid]));
    for (let index = 0; index < INSTANCES; index++) expect(await kids(direct(index))).toEqual([newKid, oldKid].sort());
  });

  it("an instance killed with SIGKILL in the middle of refreshes loses no session: retries get the same successor", { timeout: 60_000 }, async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => register(cluster.url)));
    const victim = cluster.instances[0]!;
    const inFlight = users.map((user) => refresh(victim.url, user.refresh).catch(() => undefined));
    // Killed as soon as the first answer is out: some rotations answered, some committed and not
    // answered, some never started.
    await Promise.race(inFlight);
    await victim.kill("SIGKILL");
    const first = await Promise.all(inFlight);
    let retried = 0;
    let unanswered = 0;
    for (const [index, user] of users.entries()) {
      let answer = first[index];
      if (answer?.status !== 200) {
        retried++;
        const [before] = await cluster.query<{ jti: string }>(`SELECT jti FROM "Session" WHERE "userId" = $1`, [user.userId]);
        if (before!.jti !== jtiOf(user.refresh)) unanswered++;
        // The client retries with the same token; the load balancer sends it to a live instance.
        answer = await refresh(cluster.url, user.refresh);
      }
      expect(answer.status).toBe(200);
      const jti = jtiOf(answer.body.refresh);
      const [session] = await cluster.query<{ jti: string }>(`SELECT jti FROM "Session" WHERE "userId" = $1 AND "revokedAt" IS NULL`, [user.userId]);
      expect(session?.jti).toBe(jti);
      expect(await liveSessions(user.userId)).toBe(1);
      expect(await reuseEvents(user.userId)).toBe(0);
    }
    console.log(`[scale] SIGKILL during ${users.length} refreshes: ${users.length - retried} answered, ${retried} retried on another instance (${unanswered} of them rotated but never answered), no session lost`);
    await victim.restart();
  });
});

function publicPemOf(privatePem: string): string {
  return createPublicKey(createPrivateKey(privatePem)).export({ type: "spki", format: "pem" }).toString();
}

function jtiOf(token: string): string {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).jti as string;
}

function kidOf(token: string): string {
  return JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid as string;
}

async function kids(base: string): Promise<string[]> {
  const jwks = await call<{ keys: Array<{ kid: string }> }>(base, "GET", "/.well-known/jwks.json");
  return jwks.body.keys.map((key) => key.kid).sort();
}
