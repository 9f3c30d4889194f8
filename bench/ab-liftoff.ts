import { packAndInstallCli } from "../test/e2e/support/project.js";
import { login, type StackState } from "./scenarios.js";
import type { BenchDatabase } from "./support/databases.js";
import { runLoad } from "./support/load.js";
import { treeUsage } from "./support/proc.js";
import { authorization } from "./stacks/stack.js";
import { oursStack } from "./stacks/ours.js";
const packed = await packAndInstallCli("jwt-allauth-ab-");
const databases: BenchDatabase[] = [];
const states: StackState[] = [];
for (const [name, args] of [["tierup", []], ["liftoff", ["--liftoff-only"]]] as const) {
  const stack = oursStack(packed, databases, { nodeArgs: [...args], name });
  const state: StackState = { stack, server: await stack.start("sqlite"), signedIn: [], unused: [] };
  await fetch(`${state.server.url}/ready`);
  console.log(name, "idle rss MiB", (treeUsage(state.server.pid).rssBytes / 1048576).toFixed(0));
  await runLoad(state.server, login(state), { connections: 8, amount: 50 });
  states.push(state);
}
for (let round = 0; round < 3; round++) for (const state of states) {
  let next = 0;
  const r = await runLoad(state.server, { method: "GET", path: "/jwt-allauth/user/", headers: () => authorization(state.signedIn[next++ % state.signedIn.length]!) }, { connections: 50, durationS: 5 });
  console.log(state.stack.name, round, r.requestsPerSecond.toFixed(0), "req/s", r.cpuMsPerRequest.toFixed(3), "ms CPU", (r.peakRssBytes / 1048576).toFixed(0), "MiB peak");
}
for (const state of states) await state.server.stop();
