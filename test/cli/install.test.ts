// The git step against real git: a first commit in a new folder, nothing inside an existing
// work tree, and a fallback author when git has no identity configured.
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { initGitRepository } from "../../src/cli/install.js";
import { temporaryDirectory } from "./support.js";

let workspace: string;
beforeEach(async () => {
  workspace = await temporaryDirectory();
  // No global or system git config: as on a fresh CI machine with no user.name / user.email.
  vi.stubEnv("GIT_CONFIG_GLOBAL", path.join(workspace, "no-gitconfig"));
  vi.stubEnv("GIT_CONFIG_NOSYSTEM", "1");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(workspace, { recursive: true, force: true });
});

async function project(name: string): Promise<string> {
  const dir = path.join(workspace, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "package.json"), "{}\n");
  await writeFile(path.join(dir, ".gitignore"), ".env\n");
  await writeFile(path.join(dir, ".env"), "SECRET=1\n");
  return dir;
}

describe("initGitRepository", () => {
  it("creates a repository with one commit by the fallback author, without ignored files", async () => {
    const dir = await project("fresh");
    expect(await initGitRepository(dir)).toBe("committed");
    const log = await execa("git", ["log", "--format=%an <%ae>|%s"], { cwd: dir });
    expect(log.stdout).toBe("jwt-allauth <jwt-allauth@localhost>|Initial commit from jwt-allauth startproject");
    expect((await execa("git", ["ls-files"], { cwd: dir })).stdout.split("\n").sort()).toEqual([".gitignore", "package.json"]);
  });

  it("uses the configured identity when there is one", async () => {
    const dir = await project("configured");
    await writeFile(path.join(workspace, "no-gitconfig"), "[user]\n\tname = Ada\n\temail = ada@example.com\n");
    expect(await initGitRepository(dir)).toBe("committed");
    expect((await execa("git", ["log", "--format=%an <%ae>"], { cwd: dir })).stdout).toBe("Ada <ada@example.com>");
  });

  it("leaves an existing work tree alone", async () => {
    await execa("git", ["init", "--quiet"], { cwd: workspace });
    const dir = await project("inside");
    expect(await initGitRepository(dir)).toBe("inside-repository");
    const log = await execa("git", ["log"], { cwd: workspace, reject: false });
    expect(log.exitCode).not.toBe(0); // still no commit in the outer repository
  });
});
