// `jwt-allauth startproject`: ask, build the context, render, then git and install.
// Loaded only when the command runs, so `--help` never pays for ejs, execa or prompts.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ask } from "./ask.js";
import { createContext, PROJECT_EMAIL_DIR } from "./context.js";
import { initGitRepository, installDependencies } from "./install.js";
import { nextSteps, prerequisites } from "./next-steps.js";
import type { StartProjectInput } from "./options.js";
import { assertEmptyTarget, assertReadableTemplate, renderProject } from "./render.js";
import { SCHEMA_DIR } from "./project.js";
import { initialSchemaFiles } from "./schema-files.js";
import { findFeature } from "../features/registry.js";
import { EMAIL_TEMPLATES_DIR, readOwnVersion } from "./utils/package-root.js";
import { paint } from "./utils/paint.js";

const GIT_NOTES = {
  committed: "Created a git repository with a first commit.",
  "inside-repository": "Inside an existing git repository: no new one created.",
  "git-missing": "git was not found: no repository created.",
  failed: "Could not create the first git commit; commit the files yourself.",
} as const;

export async function startProject(input: StartProjectInput): Promise<void> {
  const cwd = process.cwd();
  const answers = await ask(input, {
    cwd,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    userAgent: process.env.npm_config_user_agent,
  });
  if (answers.defaulted.length > 0) console.log(`Using the defaults ${answers.defaulted.join(" ")} (pass the options to choose).`);
  // Fail before any work on what the user must fix first.
  await assertReadableTemplate(answers.templateDir);
  await assertEmptyTarget(answers.targetDir);

  const emailFiles = answers.email ? await readdir(EMAIL_TEMPLATES_DIR).catch(() => []) : [];
  const ownVersion = readOwnVersion();
  const context = createContext({ answers, ownVersion, env: process.env, emailTemplateFiles: emailFiles });
  const features = answers.features.map((name) => findFeature(name)!);
  await renderProject({
    // A template of its own without prisma/schema/ gets no package schema files either.
    files: (await hasSchemaFolder(answers.templateDir)) ? await initialSchemaFiles(answers.db, features, ownVersion) : {},
    templateDir: answers.templateDir,
    targetDir: answers.targetDir,
    context,
    copies: emailFiles.length > 0 ? [{ from: EMAIL_TEMPLATES_DIR, to: PROJECT_EMAIL_DIR }] : [],
  });
  console.log(`${paint("green", "✔")} Created ${paint("bold", context.packageName)} in ${answers.targetDir}`);

  if (answers.install) await installDependencies(context, answers.targetDir, cwd);
  // After the install, so the first commit holds the lock file the install wrote.
  if (answers.git) console.log(GIT_NOTES[await initGitRepository(answers.targetDir)]);

  const steps = nextSteps(context, answers.targetDir, cwd, answers.install).map((step) => `  ${paint("cyan", step)}`);
  const notes = prerequisites(context).map((note) => `  ${paint("dim", note)}`);
  console.log(`\n${paint("bold", "Next steps:")}\n${steps.join("\n")}\n\n${notes.join("\n")}\n`);
}

async function hasSchemaFolder(templateDir: string): Promise<boolean> {
  return stat(path.join(templateDir, SCHEMA_DIR)).then(
    (entry) => entry.isDirectory(),
    () => false,
  );
}
