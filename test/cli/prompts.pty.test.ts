// The prompts as a person meets them: the CLI runs in a real pseudo-terminal (util-linux
// `script`), the test reads the screen and types keys only once the question is on it.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/cli/utils/package-root.js";

const TSX = path.join(PACKAGE_ROOT, "node_modules/.bin/tsx");
const CLI = path.join(PACKAGE_ROOT, "src/cli/index.ts");
const DOWN = "\x1b[B";

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "jwt-allauth-pty-"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs the CLI in a terminal; `answer(question, keys)` types keys once `question` is on screen. */
function inTerminal(args: string) {
  const child = execa("script", ["-qfec", `${TSX} ${CLI} ${args}`, "/dev/null"], {
    cwd: work,
    // CI=true (as CI runs this suite) makes Node report a terminal without colors: a person's
    // terminal has no CI variable.
    env: { TERM: "xterm-256color", NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined },
    extendEnv: true,
    reject: false,
    timeout: 60_000,
    stdin: "pipe",
  });
  let screen = "";
  child.stdout!.on("data", (chunk: Buffer) => void (screen += chunk.toString()));
  const answer = async (question: string, keys: string) => {
    for (let waited = 0; !stripVTControlCharacters(screen).includes(question); waited += 50) {
      if (waited > 30_000) throw new Error(`"${question}" never appeared on:\n${stripVTControlCharacters(screen)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.stdin!.write(keys);
  };
  return { child, answer, screen: () => screen };
}

describe("startproject prompts in a terminal", () => {
  it("asks the missing name, shows database hints, takes y for email, then prints colored next steps", async () => {
    const { child, answer, screen } = inTerminal("startproject --no-install --no-git");
    await answer("What is your project named?", "shop\r");
    // A choice's hint shows while it is highlighted.
    await answer("a file in the project, nothing to install", DOWN);
    await answer("needs a running PostgreSQL server", "\r");
    await answer("Email verification?", "y");
    await answer("Features", "\r");
    await child;
    const text = stripVTControlCharacters(screen());
    expect(text).toContain("Created shop in");
    expect(text).toContain("PostgreSQL must be running at the DATABASE_URL in .env");
    // Colored on a terminal: the success mark and the commands carry SGR codes.
    expect(screen()).toMatch(/\x1b\[32m✔\x1b\[39m Created/);
    expect(screen()).toMatch(/\x1b\[36mnpm run dev\x1b\[39m/);
    const env = await readFile(path.join(work, "shop/.env"), "utf8");
    expect(env).toContain("EMAIL_VERIFICATION=true");
    expect(env).toContain("postgresql://postgres@localhost:5432/shop");
  });

  it("re-asks an invalid name with the reason, and Enter keeps the defaults", async () => {
    const { child, answer, screen } = inTerminal("startproject --no-install --no-git");
    await answer("What is your project named?", "Bad Name\r");
    await answer("name can no longer contain capital letters", "\x7f".repeat(8) + "good-name\r");
    await answer("Which database?", "\r");
    await answer("Email verification?", "\r");
    await answer("Features", "\r");
    await child;
    expect(stripVTControlCharacters(screen())).toContain("Created good-name in");
    const env = await readFile(path.join(work, "good-name/.env"), "utf8");
    expect(env).toContain('DATABASE_URL="file:./dev.db"');
    expect(env).toContain("EMAIL_VERIFICATION=false");
  });

  it("without a terminal asks nothing, says which defaults it used, and prints no color codes", async () => {
    const piped = await execa(TSX, [CLI, "startproject", "piped", "--no-install", "--no-git"], { cwd: work, stdin: "pipe", reject: false, timeout: 60_000 });
    expect(piped.exitCode).toBe(0);
    expect(piped.stdout).toContain("Using the defaults --db sqlite --no-email (pass the options to choose).");
    expect(piped.stdout).not.toContain("\x1b[");
    const nameless = await execa(TSX, [CLI, "startproject"], { cwd: work, stdin: "pipe", reject: false, timeout: 60_000 });
    expect(nameless.exitCode).toBe(2);
    expect(nameless.stderr.trim()).toBe("error: missing the project name: jwt-allauth startproject <name>, e.g. jwt-allauth startproject my-api");
  });
});
