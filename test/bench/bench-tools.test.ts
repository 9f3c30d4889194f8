// The benchmark's measuring tools (not the benchmark: `npm run bench` stays out of the test suite).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitProfile } from "../../bench/support/profile-split.js";
import { treeUsage } from "../../bench/support/proc.js";
import { spread } from "../../bench/support/stats.js";

describe("benchmark tools", () => {
  it("spread: median of odd and even counts, with min and max", () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it("splitProfile charges each sample to its owner, inside the load window only", async () => {
    const profile = {
      startTime: 1_000,
      nodes: [
        { id: 1, callFrame: { functionName: "(idle)", url: "" } },
        { id: 2, callFrame: { functionName: "compile", url: "file:///p/node_modules/@prisma/client/runtime/client.js" } },
        { id: 3, callFrame: { functionName: "verifyAccess", url: "file:///p/node_modules/jwt-allauth/dist/runtime/tokens.js" } },
        { id: 4, callFrame: { functionName: "handler", url: "file:///p/dist/app.js" } },
      ],
      // Sample times 1010, 1020, 1030, 1040, 1050: the window [1015, 1045] keeps the middle three.
      samples: [2, 2, 3, 4, 1],
      timeDeltas: [10, 10, 10, 10, 10],
    };
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "bench-tools-")), "x.cpuprofile");
    await writeFile(file, JSON.stringify(profile));
    const { owners, functions } = await splitProfile(file, 1_015, 1_045);
    expect(Object.fromEntries(owners)).toEqual({ "Prisma client": 10, "jwt-allauth runtime": 10, "the project's own code": 10 });
    expect(functions.get("verifyAccess (runtime/tokens.js)")).toBe(10);
  });

  it("treeUsage sums a process tree's CPU and counts a child's memory", async () => {
    // A child that burns 200 ms of CPU (however long that takes on a busy machine), says so, and waits.
    const burn = "while (process.cpuUsage().user < 200_000); console.log('burnt'); setInterval(() => {}, 1000)";
    const child = spawn(process.execPath, ["-e", burn]);
    try {
      await once(child.stdout, "data");
      const own = treeUsage(child.pid!);
      expect(own.cpuMs).toBeGreaterThanOrEqual(190);
      expect(own.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
      expect(treeUsage(process.pid).cpuMs).toBeGreaterThanOrEqual(own.cpuMs);
    } finally {
      child.kill();
      await once(child, "exit");
    }
  });
});
