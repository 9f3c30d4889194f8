// Argument parsing: what commander hands to startproject, and what it refuses.
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/errors.js";
import type { StartProjectInput } from "../../src/cli/options.js";
import { runProgram } from "../../src/cli/program.js";

async function parse(...args: string[]): Promise<{ input?: StartProjectInput; added?: string; upgraded: boolean; out: string; err: string }> {
  let input: StartProjectInput | undefined;
  let added: string | undefined;
  let upgraded = false;
  let out = "";
  let err = "";
  const handlers = {
    startProject: async (given: StartProjectInput) => void (input = given),
    add: async (feature: string) => void (added = feature),
    upgrade: async () => void (upgraded = true),
  };
  await runProgram(["node", "jwt-allauth", ...args], handlers, {
    writeOut: (text) => void (out += text),
    writeErr: (text) => void (err += text),
  });
  return { input, added, upgraded, out, err };
}

async function parseError(...args: string[]): Promise<CommanderError | CliError> {
  const error = await parse(...args).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof CommanderError) && !(error instanceof CliError)) throw new Error(`expected a parse error, got ${String(error)}`);
  return error;
}

describe("jwt-allauth startproject arguments", () => {
  it("leaves what was not given undefined, so it can be asked", async () => {
    const { input } = await parse("startproject", "myproject");
    expect(input).toEqual({
      name: "myproject",
      directory: undefined,
      flags: { install: true, git: true, yes: false },
    });
  });

  it("reads every option", async () => {
    const { input } = await parse(
      "startproject", "myproject", "some/dir", "--email", "--db", "postgresql", "--template", "./tpl",
      "--package-manager", "pnpm", "--no-install", "--no-git", "-y",
    );
    expect(input).toEqual({
      name: "myproject",
      directory: "some/dir",
      flags: { email: true, db: "postgresql", template: "./tpl", packageManager: "pnpm", install: false, git: false, yes: true },
    });
  });

  it.each([
    ["--email=True", true],
    ["--email=true", true],
    ["--email=False", false],
    ["--no-email", false],
  ])("accepts the seed's spelling %s", async (flag, expected) => {
    const { input } = await parse("startproject", flag, "myproject");
    expect(input?.flags.email).toBe(expected);
    expect(input?.name).toBe("myproject");
  });

  it("does not take the project name as the value of --email", async () => {
    const { input } = await parse("startproject", "--email", "myproject");
    expect(input).toMatchObject({ name: "myproject", flags: { email: true } });
  });

  it("refuses an --email value that is not a boolean", async () => {
    const error = await parseError("startproject", "myproject", "--email=maybe");
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain("--email");
  });

  it("refuses an unknown database and an unknown package manager", async () => {
    const db = await parseError("startproject", "myproject", "--db", "mysql");
    expect(db.message).toContain("Allowed choices are sqlite, postgresql");
    const pm = await parseError("startproject", "myproject", "--package-manager", "bun");
    expect(pm.message).toContain("Allowed choices are npm, pnpm, yarn");
  });

  it("leaves a missing name to be asked (ask refuses it without a terminal)", async () => {
    const { input } = await parse("startproject");
    expect(input).toEqual({ name: undefined, directory: undefined, flags: { install: true, git: true, yes: false } });
  });

  it("prints our version and help with exit code 0", async () => {
    const version = await parseError("--version");
    expect((version as CommanderError).exitCode).toBe(0);
    const help = await parseError("startproject", "--help");
    expect((help as CommanderError).exitCode).toBe(0);
  });

  it("takes --features as a comma-separated list of known features", async () => {
    const { input } = await parse("startproject", "myproject", "--features", " rate-limit-store ,rate-limit-store");
    expect(input!.flags.features).toEqual(["rate-limit-store"]);
  });

  it("refuses an unknown feature, naming the ones there are", async () => {
    const error = await parseError("startproject", "myproject", "--features", "rate-limit-store,mfa-typo");
    expect(error.message).toBe('--features: unknown feature "mfa-typo" (available: rate-limit-store, mfa)');
    expect(error.exitCode).toBe(2);
  });
});

describe("jwt-allauth add and upgrade", () => {
  it("hands the feature name to add, and nothing to upgrade", async () => {
    expect((await parse("add", "rate-limit-store")).added).toBe("rate-limit-store");
    expect((await parse("upgrade")).upgraded).toBe(true);
  });

  it("needs the feature name", async () => {
    const error = await parseError("add");
    expect(error.message).toContain("missing required argument 'feature'");
  });
});
