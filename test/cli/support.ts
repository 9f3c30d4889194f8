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
    features: [],
    packageManager: "npm",
    install: false,
    git: false,
    defaulted: [],
    ...overrides,
  };
}

/** A project rendered as startproject renders it (template + the package's schema files), not installed. */
export async function scaffoldProject(targetDir: string, overrides: Partial<Answers> = {}): Promise<void> {
  const { createContext } = await import("../../src/cli/context.js");
  const { renderProject } = await import("../../src/cli/render.js");
  const { initialSchemaFiles } = await import("../../src/cli/schema-files.js");
  const { findFeature } = await import("../../src/features/registry.js");
  const given = answers({ targetDir, ...overrides });
  const context = createContext({ answers: given, ownVersion: "0.1.0", env: {}, emailTemplateFiles: [] });
  const features = given.features.map((name) => findFeature(name)!);
  await renderProject({ templateDir: DEFAULT_TEMPLATE_DIR, targetDir, context, files: await initialSchemaFiles(given.db, features, "0.1.0") });
}
