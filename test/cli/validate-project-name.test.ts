import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/errors.js";
import { validateProjectName } from "../../src/cli/utils/validate-project-name.js";

describe("validateProjectName", () => {
  it.each(["myproject", "my-api", "api2", "@acme/auth-server", "a.b_c"])("accepts %s", (name) => {
    expect(() => validateProjectName(name)).not.toThrow();
  });

  it.each([
    ["My Project", "URL-friendly characters"],
    ["MyProject", "capital letters"],
    ["", "greater than zero"],
    [".hidden", "cannot start with a period"],
    ["http", "core module"],
    ["node_modules", "not a valid package name"],
    ["a".repeat(215), "214 characters"],
  ])("refuses %j (%s) with the npm rule's reason", (name, reason) => {
    expect(() => validateProjectName(name)).toThrow(CliError);
    expect(() => validateProjectName(name)).toThrow(reason);
  });
});
