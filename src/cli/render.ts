// Renders a template directory into a temporary folder beside the target and moves it into
// place only when every file succeeded: a failure half way never leaves half a project.
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import ejs from "ejs";
import fse from "fs-extra";
import type { ProjectContext } from "./context.js";
import { CliError } from "./errors.js";
import { isEmptyDirectory } from "./utils/is-empty-directory.js";

/**
 * npm leaves `.gitignore` out of published tarballs (and `.npmrc`, `.env` would be risky to ship),
 * so templates store dotfiles with a leading underscore: `_gitignore` -> `.gitignore`.
 */
export const DOTFILE_NAMES = new Set(["gitignore", "gitattributes", "env", "env.example", "npmrc", "editorconfig", "nvmrc", "dockerignore"]);

/** A directory copied as it is (not rendered) into the project, e.g. the default emails. */
export interface VerbatimCopy {
  from: string;
  to: string;
}

export interface RenderRequest {
  templateDir: string;
  targetDir: string;
  context: ProjectContext;
  copies?: readonly VerbatimCopy[];
  /** Generated files (project path -> content) written beside the template's, e.g. the schema the package owns. */
  files?: Readonly<Record<string, string>>;
}

export async function assertReadableTemplate(templateDir: string): Promise<void> {
  let files: string[];
  try {
    if (!(await stat(templateDir)).isDirectory()) throw new CliError(`template ${templateDir} is not a directory`);
    files = await listFiles(templateDir);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read template ${templateDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (files.length === 0) throw new CliError(`template ${templateDir} has no files`);
}

export async function assertEmptyTarget(targetDir: string): Promise<void> {
  if (!(await isEmptyDirectory(targetDir))) {
    throw new CliError(`${targetDir} already exists and is not empty; choose another name or directory`);
  }
}

/** Template path -> project path: `.ejs` is dropped and `_gitignore`-style names become dotfiles. */
export function outputPath(templatePath: string): string {
  const rendered = templatePath.endsWith(".ejs") ? templatePath.slice(0, -".ejs".length) : templatePath;
  const dir = path.dirname(rendered);
  const base = path.basename(rendered);
  const name = base.startsWith("_") && DOTFILE_NAMES.has(base.slice(1)) ? `.${base.slice(1)}` : base;
  return path.join(dir, name);
}

export async function renderProject({ templateDir, targetDir, context, copies = [], files = {} }: RenderRequest): Promise<void> {
  await assertReadableTemplate(templateDir);
  await assertEmptyTarget(targetDir);
  const parent = path.dirname(targetDir);
  const createdParent = await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(targetDir)}-`));
  try {
    for (const file of await listFiles(templateDir)) {
      await renderFile(path.join(templateDir, file), path.join(staging, outputPath(file)), context, file);
    }
    for (const copy of copies) await fse.copy(copy.from, path.join(staging, copy.to), { errorOnExist: true });
    for (const [file, content] of Object.entries(files)) await fse.outputFile(path.join(staging, file), content);
    // Checked again: another process may have written there while we rendered.
    await assertEmptyTarget(targetDir);
    await moveIntoPlace(staging, targetDir);
  } catch (error) {
    await rm(createdParent ?? staging, { recursive: true, force: true });
    throw error;
  }
}

// .env holds the project's private signing key: readable by its owner only.
const OWNER_ONLY_FILES = new Set([".env"]);
const OWNER_ONLY_MODE = 0o600;

async function renderFile(source: string, destination: string, context: ProjectContext, label: string): Promise<void> {
  const mode = OWNER_ONLY_FILES.has(path.basename(destination)) ? OWNER_ONLY_MODE : (await stat(source)).mode;
  let content: string | Buffer = await readFile(source);
  if (source.endsWith(".ejs")) {
    try {
      content = ejs.render(content.toString("utf8"), context, { filename: source, async: false });
    } catch (error) {
      // EJS messages quote the failing lines; the last line is the cause.
      const cause = (error as Error).message.trim().split("\n").at(-1);
      throw new CliError(`cannot render ${label}: ${cause}`);
    }
  }
  await mkdir(path.dirname(destination), { recursive: true });
  await writeFile(destination, content, { mode });
}

async function moveIntoPlace(staging: string, targetDir: string): Promise<void> {
  const exists = await stat(targetDir).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await rename(staging, targetDir);
    // mkdtemp made the staging folder private (0700); the project gets what mkdir would give it.
    await chmod(targetDir, 0o777 & ~process.umask());
    return;
  }
  // An existing folder (empty, or only .git) stays the same folder: replacing it would leave a
  // shell that is inside it (`startproject name .`) in a deleted directory.
  for (const entry of await readdir(staging)) await rename(path.join(staging, entry), path.join(targetDir, entry));
  await rm(staging, { recursive: true });
}

/** Every regular file under `root`, as paths relative to it, in a stable order. */
async function listFiles(root: string, relative = ""): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const entryPath = path.join(relative, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, entryPath)));
    else if (entry.isFile()) files.push(entryPath);
  }
  return files;
}
