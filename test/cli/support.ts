// Shared by the CLI tests: Answers as the command would build them, in a temporary folder.
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Answers } from "../../src/cli/ask.js";
import { DEFAULT_TEMPLATE_DIR } from "../../src/cli/utils/package-root.js";

export async function temporaryDirectory(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), "jwt-allauth-cli-"));
}

export function answers(overrides: Partial<Answers> = {}): Answers {
  return {
    packageName: "myproject",
    projectName: "myproject",
    targetDir: "/nonexistent/myproject",
    templateDir: DEFAULT_TEMPLATE_DIR,
    db: "sqlite",
    email: false,
    packageManager: "npm",
    install: false,
    git: false,
    ...overrides,
  };
}
