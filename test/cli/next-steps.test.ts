import { describe, expect, it } from "vitest";
import { createContext } from "../../src/cli/context.js";
import { nextSteps, prerequisites } from "../../src/cli/next-steps.js";
import type { PackageManager } from "../../src/cli/options.js";
import { answers } from "./support.js";

const contextFor = (packageManager: PackageManager) =>
  createContext({ answers: answers({ packageManager }), ownVersion: "0.1.0", env: {}, emailTemplateFiles: [] });

describe("nextSteps", () => {
  it("after an npm install: cd, migrate, run", () => {
    expect(nextSteps(contextFor("npm"), "/work/myproject", "/work", true)).toEqual(["cd myproject", "npx prisma migrate dev", "npm run dev"]);
  });

  it("without install: install first (its postinstall generates the client), with the chosen package manager", () => {
    expect(nextSteps(contextFor("pnpm"), "/work/apps/my api", "/work", false)).toEqual([
      'cd "apps/my api"',
      "pnpm install",
      "pnpm exec prisma migrate dev",
      "pnpm run dev",
    ]);
  });

  it("no cd when the project is the working directory", () => {
    expect(nextSteps(contextFor("yarn"), "/work", "/work", true)).toEqual(["yarn prisma migrate dev", "yarn run dev"]);
  });

  it("names what must run first: PostgreSQL at the URL in .env, where the emails go, the docs", () => {
    const postgres = createContext({ answers: answers({ db: "postgresql", email: true, projectName: "shop" }), ownVersion: "0.1.0", env: {}, emailTemplateFiles: [] });
    const notes = prerequisites(postgres).join("\n");
    expect(notes).toContain("PostgreSQL must be running at the DATABASE_URL in .env (postgresql://postgres@localhost:5432/shop)");
    expect(notes).toMatch(/emails are printed in the terminal of `npm run dev`/);
    expect(notes).toContain("http://localhost:8025");
    expect(notes).toContain("http://localhost:3000/docs");
    const sqlite = prerequisites(contextFor("npm")).join("\n");
    expect(sqlite).not.toMatch(/PostgreSQL|mail/);
  });
});
