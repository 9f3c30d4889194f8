// `npm run bench:profile`: the generated SQLite project under `node --cpu-prof`, loaded on one
// route (BENCH_PROFILE_PATH, default /jwt-allauth/user/), and the CPU split by owner, per request.
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { packAndInstallCli } from "../test/e2e/support/project.js";
import { login, type StackState } from "./scenarios.js";
import type { BenchDatabase } from "./support/databases.js";
import { runLoad } from "./support/load.js";
import { monotonicMicroseconds, splitProfile } from "./support/profile-split.js";
import { authorization } from "./stacks/stack.js";
import { oursStack } from "./stacks/ours.js";

const ROUTE = process.env.BENCH_PROFILE_PATH ?? "/jwt-allauth/user/";
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;

const packed = await packAndInstallCli("jwt-allauth-profile-");
const databases: BenchDatabase[] = [];
const profileDir = path.join(packed.work, "profile");
const stack = oursStack(packed, databases, { profileDir });
const state: StackState = { stack, server: await stack.start("sqlite"), signedIn: [], unused: [] };
let requests = 0;
const window = { fromUs: 0, toUs: 0 };
try {
  // A short login run for tokens; its JS work (not argon2, which runs on other threads) is in the profile too.
  await runLoad(state.server, login(state), { connections: 8, amount: 100 });
  let next = 0;
  window.fromUs = monotonicMicroseconds();
  const result = await runLoad(
    state.server,
    { method: "GET", path: ROUTE, headers: () => authorization(state.signedIn[next++ % state.signedIn.length]!) },
    { connections: CONNECTIONS, durationS: DURATION_S },
  );
  window.toUs = monotonicMicroseconds();
  requests = Math.round(result.requestsPerSecond * DURATION_S);
  console.log(`${ROUTE}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.cpuMsPerRequest.toFixed(3)} ms server CPU per request (/proc)`);
} finally {
  await state.server.stop();
}
const [file] = (await readdir(profileDir)).filter((name) => name.endsWith(".cpuprofile"));
const split = await splitProfile(path.join(profileDir, file!), window.fromUs, window.toUs);
const busy = [...split].filter(([owner]) => owner !== "idle").reduce((sum, [, us]) => sum + us, 0);
console.log(`\n| owner | share of busy CPU | µs per request |\n|---|---|---|`);
for (const [owner, us] of [...split].filter(([o]) => o !== "idle").sort((a, b) => b[1] - a[1])) {
  console.log(`| ${owner} | ${((100 * us) / busy).toFixed(1)} % | ${(us / Math.max(requests, 1)).toFixed(0)} |`);
}
await rm(packed.work, { recursive: true, force: true });
