import path from "node:path";
import { describe, expect, it } from "vitest";
import { ask } from "../../src/cli/ask.js";
import { CliError } from "../../src/cli/errors.js";
import type { StartProjectFlags } from "../../src/cli/options.js";
import { detectPackageManager } from "../../src/cli/utils/detect-package-manager.js";
import { DEFAULT_TEMPLATE_DIR } from "../../src/cli/utils/package-root.js";

const flags = (overrides: Partial<StartProjectFlags> = {}): StartProjectFlags => ({ install: true, git: true, yes: false, ...overrides });
// Even "interactive" never prompts here: with --yes no prompt may be shown.
const env = { cwd: "/work/projects", interactive: false, userAgent: undefined };

describe("ask", () => {
  it("takes the defaults without a terminal", async () => {
    expect(await ask({ name: "myproject", directory: undefined, flags: flags() }, env)).toEqual({
      packageName: "myproject",
      projectName: "myproject",
      targetDir: "/work/projects/myproject",
      templateDir: DEFAULT_TEMPLATE_DIR,
      db: "sqlite",
      email: false,
      features: [],
      packageManager: "npm",
      install: true,
      git: true,
      defaulted: ["--db sqlite", "--no-email"],
    });
  });

  it("never prompts with --yes, even on a terminal", async () => {
    const result = await ask({ name: "myproject", directory: undefined, flags: flags({ yes: true }) }, { ...env, interactive: true });
    expect(result).toMatchObject({ db: "sqlite", email: false });
  });

  it("uses the flags, the directory and the template path relative to the working directory", async () => {
    const result = await ask(
      {
        name: "@acme/auth",
        directory: "../elsewhere",
        flags: flags({ db: "postgresql", email: true, template: "tpl", install: false, git: false, packageManager: "yarn" }),
      },
      env,
    );
    expect(result).toEqual({
      packageName: "@acme/auth",
      projectName: "auth",
      targetDir: path.resolve("/work/elsewhere"),
      templateDir: "/work/projects/tpl",
      db: "postgresql",
      email: true,
      features: [],
      packageManager: "yarn",
      install: false,
      git: false,
      defaulted: [],
    });
  });

  it("names a scoped project after its last part", async () => {
    const result = await ask({ name: "@acme/auth", directory: undefined, flags: flags() }, env);
    expect(result.targetDir).toBe("/work/projects/auth");
  });

  it("refuses an invalid name before anything else", async () => {
    await expect(ask({ name: "Bad Name", directory: undefined, flags: flags() }, env)).rejects.toThrow(CliError);
  });

  it("defaults to the package manager that ran the command", async () => {
    expect(detectPackageManager("pnpm/9.1.0 npm/? node/v20.19.0 linux x64")).toBe("pnpm");
    expect(detectPackageManager("yarn/1.22.22 npm/? node/v20.19.0 linux x64")).toBe("yarn");
    expect(detectPackageManager("npm/11.0.0 node/v20.19.0 linux x64 workspaces/false")).toBe("npm");
    expect(detectPackageManager(undefined)).toBe("npm");
    const result = await ask({ name: "p", directory: undefined, flags: flags() }, { ...env, userAgent: "pnpm/9.1.0" });
    expect(result.packageManager).toBe("pnpm");
  });

  it("asks for the features with the others in a terminal, and takes --features without asking", async () => {
    const { default: prompts } = await import("prompts");
    // prompts.inject answers the questions actually asked, in order: database, email, features.
    prompts.inject(["postgresql", true, ["rate-limit-store"]]);
    const asked = await ask({ name: "p", directory: undefined, flags: flags() }, { ...env, interactive: true });
    expect(asked).toMatchObject({ db: "postgresql", email: true, features: ["rate-limit-store"] });
    prompts.inject(["sqlite", false]);
    const given = await ask({ name: "p", directory: undefined, flags: flags({ features: [] }) }, { ...env, interactive: true });
    expect(given).toMatchObject({ db: "sqlite", email: false, features: [] });
  });

  it("without a terminal, a missing name is one line with an example (never a prompt that cannot be answered)", async () => {
    const error = await ask({ name: undefined, directory: undefined, flags: flags() }, env).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toContain("jwt-allauth startproject <name>");
    expect((error as CliError).exitCode).toBe(2);
  });
});
