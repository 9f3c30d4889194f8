// `npm run bench:profile`: the generated SQLite project under `node --cpu-prof`, loaded with one of
// its benchmark scenarios (BENCH_PROFILE: user, health, hello or refresh; default user), and the
// CPU of the load window split by owner, per request.
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { packAndInstallCli } from "../test/e2e/support/project.js";
import { login, SCENARIOS, type StackState } from "./scenarios.js";
import { benchDatabases } from "./support/databases.js";
import { runLoad } from "./support/load.js";
import { monotonicMicroseconds, splitProfile } from "./support/profile-split.js";
import { oursStack } from "./stacks/ours.js";

const ID = process.env.BENCH_PROFILE ?? "user";
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const scenario = SCENARIOS.find((s) => s.id === ID && s.stack === "ours");
if (!scenario) throw new Error(`BENCH_PROFILE must be one of ${SCENARIOS.filter((s) => s.stack === "ours").map((s) => s.id).join(", ")}`);

const packed = await packAndInstallCli("jwt-allauth-profile-");
const databases = benchDatabases(packed.work);
const profileDir = path.join(packed.work, "profile");
const stack = oursStack(packed, databases, { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] });
const state: StackState = { stack, server: await stack.start("sqlite"), signedIn: [], unused: [] };
const window = { fromUs: 0, toUs: 0 };
/** Server CPU per request from /proc: the profile's shares are scaled to it (sampling on a busy machine also counts time the thread waited for a core). */
let cpuMsPerRequest = 0;
try {
  // Logins for tokens, outside the profiled window.
  await runLoad(state.server, login(state), { connections: 8, amount: 100 });
  window.fromUs = monotonicMicroseconds();
  const result = await runLoad(state.server, scenario.request(state), { connections: scenario.connections ?? 50, durationS: DURATION_S });
  window.toUs = monotonicMicroseconds();
  cpuMsPerRequest = result.cpuMsPerRequest;
  console.log(`${scenario.title}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.cpuMsPerRequest.toFixed(3)} ms server CPU per request (/proc), ${result.failed} failed`);
} finally {
  await state.server.stop();
  await databases.dropAll();
}
const [file] = (await readdir(profileDir)).filter((name) => name.endsWith(".cpuprofile"));
const { owners, functions } = await splitProfile(path.join(profileDir, file!), window.fromUs, window.toUs);
const split = [...owners].filter(([owner]) => owner !== "idle");
const busy = split.reduce((sum, [, us]) => sum + us, 0);
console.log(`\n| owner | share of busy CPU | µs per request (share × /proc CPU) |\n|---|---|---|`);
for (const [owner, us] of split.sort((a, b) => b[1] - a[1])) {
  console.log(`| ${owner} | ${((100 * us) / busy).toFixed(1)} % | ${((1000 * cpuMsPerRequest * us) / busy).toFixed(0)} |`);
}
console.log(`\n| function (self time) | share |\n|---|---|`);
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`| ${name} | ${((100 * us) / busy).toFixed(1)} % |`);
await rm(packed.work, { recursive: true, force: true });
