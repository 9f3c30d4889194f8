import { describe, expect, it } from "vitest";
import { createContext } from "../../src/cli/context.js";
import { nextSteps } from "../../src/cli/next-steps.js";
import type { PackageManager } from "../../src/cli/options.js";
import { answers } from "./support.js";

const contextFor = (packageManager: PackageManager) =>
  createContext({ answers: answers({ packageManager }), ownVersion: "0.1.0", env: {}, emailTemplateFiles: [] });

describe("nextSteps", () => {
  it("after an npm install: cd, migrate, run", () => {
    expect(nextSteps(contextFor("npm"), "/work/myproject", "/work", true)).toEqual(["cd myproject", "npx prisma migrate dev", "npm run dev"]);
  });

  it("without install: install and generate first, with the chosen package manager", () => {
    expect(nextSteps(contextFor("pnpm"), "/work/apps/my api", "/work", false)).toEqual([
      'cd "apps/my api"',
      "pnpm install",
      "pnpm exec prisma generate",
      "pnpm exec prisma migrate dev",
      "pnpm run dev",
    ]);
  });

  it("no cd when the project is the working directory", () => {
    expect(nextSteps(contextFor("yarn"), "/work", "/work", true)).toEqual(["yarn prisma migrate dev", "yarn run dev"]);
  });
});
