// Prints one provider's results: every scenario with its spread and its ratio to the bare route of
// the same round, then each goal of issue 10 against its figure.
import type { Scenario } from "../scenarios.js";
import type { LoadResult } from "./load.js";
import { formatSpread, MiB, spread } from "./stats.js";

export interface ProviderResults {
  provider: string;
  /** Scenario id → one result per round. */
  rounds: Map<string, LoadResult[]>;
  argon2PerSecond: number[];
  /** The generated project's RSS: after boot and its first query, then after each round. */
  idleRssBytes: number;
  rssAfterRound: number[];
  refreshStatements: string[];
}

export function printReport(results: ProviderResults, scenarios: Scenario[]): void {
  const bare = results.rounds.get("bare")!;
  const ratioToBare = (id: string) => spread(results.rounds.get(id)!.map((run, i) => run.requestsPerSecond / bare[i]!.requestsPerSecond));
  const rps = (id: string) => spread(results.rounds.get(id)!.map((run) => run.requestsPerSecond)).median;
  const cpu = (id: string) => spread(results.rounds.get(id)!.map((run) => run.cpuMsPerRequest)).median;

  console.log(`\n### ${results.provider}\n`);
  console.log("| scenario | req/s median (min–max) | ÷ bare, same round | server CPU per request | peak RSS | failed |");
  console.log("|---|---|---|---|---|---|");
  for (const scenario of scenarios) {
    const runs = results.rounds.get(scenario.id)!;
    const cpuSpread = spread(runs.map((run) => run.cpuMsPerRequest));
    console.log(
      `| ${scenario.title} | ${formatSpread(spread(runs.map((run) => run.requestsPerSecond)))} | ${ratioToBare(scenario.id).median.toFixed(3)} ` +
        `| ${cpuSpread.median.toFixed(3)} ms | ${(Math.max(...runs.map((run) => run.peakRssBytes)) / MiB).toFixed(0)} MiB | ${runs.reduce((n, run) => n + run.failed, 0)} |`,
    );
  }
  const busy = [...results.rounds.values()].flat().map((run) => run.machineBusy);
  console.log(`\nMachine busy during the runs (all processes, all cores): ${formatSpread(spread(busy.map((b) => 100 * b)))} %`);

  const argon2 = spread(results.argon2PerSecond).median;
  const rss = results.rssAfterRound.map((bytes) => bytes / MiB);
  const goals: Array<[string, string, boolean]> = [
    ["1. `/health` ≥ 0.85× bare", ratioToBare("health").median.toFixed(3), ratioToBare("health").median >= 0.85],
    ["1. `/hello` ≥ 0.85× bare", ratioToBare("hello").median.toFixed(3), ratioToBare("hello").median >= 0.85],
    ["2. refresh ≤ 0.5 ms CPU", `${cpu("refresh").toFixed(3)} ms`, cpu("refresh") <= 0.5],
    ["2. refresh ≥ 10× Django's rate", `${(rps("refresh") / rps("dj-refresh")).toFixed(1)}×`, rps("refresh") / rps("dj-refresh") >= 10],
    ["2. one SQL statement per refresh", `${results.refreshStatements.length}: ${results.refreshStatements.map((q) => q.trim().split(/\s/)[0]).join(", ")}`, results.refreshStatements.length === 1],
    ["3. `/jwt-allauth/user/` CPU per request", `${cpu("user").toFixed(3)} ms (profile: BENCHMARKS.md)`, true],
    ["4. idle RSS ≤ 120 MiB", `${(results.idleRssBytes / MiB).toFixed(0)} MiB`, results.idleRssBytes / MiB <= 120],
    ["4. RSS after the mixed load ≤ 200 MiB", `${rss.map((r) => r.toFixed(0)).join(" → ")} MiB after each round`, Math.max(...rss) <= 200],
    // Round 1 still warms up (JIT, caches, the first argon2 arenas); growth after it would be a leak.
    ["4. no growth between rounds", `${(rss.at(-1)! - rss[Math.min(1, rss.length - 1)]!).toFixed(0)} MiB from round 2 to ${rss.length}`, rss.at(-1)! - rss[Math.min(1, rss.length - 1)]! <= 5],
    ["5. login ≥ 0.85× raw argon2id", `${rps("login").toFixed(0)}/s vs ${argon2.toFixed(0)}/s = ${(rps("login") / argon2).toFixed(2)}`, rps("login") / argon2 >= 0.85],
  ];
  console.log("\n| goal | measured | met |\n|---|---|---|");
  for (const [goal, figure, met] of goals) console.log(`| ${goal} | ${figure} | ${met ? "yes" : "**no**"} |`);
}
