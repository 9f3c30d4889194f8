// The steps after rendering that run other programs: git, the package manager, Prisma.
// Each takes the context and the project folder; a failure that the user can finish by hand
// says exactly which commands finish it.
import path from "node:path";
import { execa, ExecaError } from "execa";
import type { ProjectContext } from "./context.js";
import { CliError } from "./errors.js";
import { startProgress } from "./utils/progress.js";

const FALLBACK_AUTHOR = ["-c", "user.name=jwt-allauth", "-c", "user.email=jwt-allauth@localhost"];
/** Lines of a failed command's output worth showing: the error is at the end. */
const OUTPUT_TAIL_LINES = 30;

export type GitOutcome = "committed" | "inside-repository" | "git-missing" | "failed";

/** git init + a first commit, unless the folder is already inside a work tree. Never fatal. */
export async function initGitRepository(projectDir: string): Promise<GitOutcome> {
  const inside = await execa("git", ["rev-parse", "--is-inside-work-tree"], { cwd: projectDir, reject: false });
  if (inside.code === "ENOENT") return "git-missing";
  if (inside.exitCode === 0 && inside.stdout.trim() === "true") return "inside-repository";
  try {
    await execa("git", ["init", "--quiet"], { cwd: projectDir });
    await execa("git", ["add", "--all"], { cwd: projectDir });
    const author = (await hasGitIdentity(projectDir)) ? [] : FALLBACK_AUTHOR;
    await execa("git", [...author, "commit", "--quiet", "--message", "Initial commit from jwt-allauth startproject"], {
      cwd: projectDir,
    });
    return "committed";
  } catch {
    return "failed";
  }
}

async function hasGitIdentity(cwd: string): Promise<boolean> {
  const name = await execa("git", ["config", "user.name"], { cwd, reject: false });
  const email = await execa("git", ["config", "user.email"], { cwd, reject: false });
  return name.exitCode === 0 && email.exitCode === 0;
}

/**
 * `<pm> install`. Its postinstall script runs `prisma generate` (the client goes into
 * src/generated), so a teammate's clone gets the client from the same one command.
 */
export async function installDependencies(context: ProjectContext, projectDir: string, cwd: string): Promise<void> {
  const relative = path.relative(cwd, projectDir) || ".";
  const finish = `cd ${relative} && ${context.commands.install}`;
  await runStep(`Installing dependencies with ${context.packageManager} (and generating the Prisma client)`, context.commands.install, projectDir, finish);
}

/**
 * Runs one command with a progress line. Ctrl-C reaches the child through the terminal's
 * process group; we stay alive long enough to say the project is there and how to finish.
 */
async function runStep(title: string, command: string, cwd: string, finish: string): Promise<void> {
  const [file, ...args] = command.split(" ") as [string, ...string[]];
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const progress = startProgress(title);
  try {
    await execa(file, args, { cwd, all: true, stdin: "ignore", cancelSignal: interrupt.signal });
    progress.succeed();
  } catch (error) {
    progress.fail();
    if (interrupt.signal.aborted || (error instanceof ExecaError && error.signal === "SIGINT")) {
      throw new CliError(`interrupted; the project is ready but not installed. To finish: ${finish}`, 130);
    }
    const output = error instanceof ExecaError ? String(error.all ?? "") : "";
    process.stderr.write(`${output.trim().split("\n").slice(-OUTPUT_TAIL_LINES).join("\n")}\n`);
    throw new CliError(`\`${command}\` failed (see above); the project is there. To finish: ${finish}`);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
