// The README's first run, as a new user on a machine with no mail server: scaffold `--email` from
// the packed tarball (install and git included), `prisma migrate dev`, `npm run dev`, then sign up
// and verify with the link the console backend prints. Then the mistakes that used to end in a
// stack trace, and a teammate's `git clone` + install + start. Prints how long scaffold -> first
// 200 took (a figure for the reader, never asserted: the machine is shared).
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/cli/utils/package-root.js";
import { launchChromium } from "../email/support/chromium.js";
import { freePort, INSTALL_TIMEOUT_MS, NO_ENGINE, packAndInstallCli, PRISMA_OFFLINE, runCli, waitForServer, type PackedPackage } from "./support/project.js";

const PASSWORD = "first-password-of-ada";

/**
 * The sh blocks of a README's "Try it with curl" section as one script, split where the user
 * pastes the link from the terminal, pointed at `base` instead of localhost:3000.
 */
async function walkthrough(readme: string, base: string): Promise<{ beforeLink: string; fromLink: string }> {
  const text = await readFile(readme, "utf8");
  const start = text.indexOf("## Try it with curl");
  const section = text.slice(start, text.indexOf("\n## ", start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const script = blocks.join("\n").replaceAll("http://localhost:3000", base);
  const split = script.indexOf("\nLINK=");
  if (start < 0 || split < 0) throw new Error(`no curl walkthrough with a LINK= line in ${readme}`);
  const strict = "set -euo pipefail\n";
  return { beforeLink: strict + script.slice(0, split + 1), fromLink: strict + script.slice(split + 1) };
}

/** `npm run dev` (or any long-running command) in its own process group, its output collected. */
function startInBackground(command: string, args: string[], cwd: string, env: Record<string, string>) {
  // NODE_ENV as .env says: vitest sets NODE_ENV=test, which the child would inherit and prefer.
  const child = execa(command, args, {
    cwd,
    env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, NODE_ENV: "development", ...env },
    reject: false,
    all: true,
    detached: true,
  });
  let output = "";
  child.all!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  return {
    child,
    output: () => stripVTControlCharacters(output),
    async stop() {
      // tsx watch and npm do not pass signals on: the whole group goes, as with Ctrl-C.
      if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
      await child;
    },
  };
}

async function waitForOutput(read: () => string, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} never appeared in:\n${read()}`);
}

describe("first run of a generated --email project, as the README tells it", () => {
  let packed: PackedPackage;
  let project: string;
  let scaffold: Awaited<ReturnType<typeof runCli>>;
  let scaffoldStarted: number;
  let scaffoldSeconds: number;
  let dev: ReturnType<typeof startInBackground> | undefined;
  let port: number;
  const run = (args: string[], cwd = project, env: Record<string, string> = {}) =>
    execa(args[0]!, args.slice(1), { cwd, env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, ...env }, reject: false, timeout: INSTALL_TIMEOUT_MS });

  beforeAll(async () => {
    packed = await packAndInstallCli("jwt-allauth-first-run-");
    project = path.join(packed.work, "shop");
    scaffoldStarted = performance.now();
    scaffold = await runCli(packed, ["startproject", "shop", "--email"], {
      env: { JWT_ALLAUTH_DEPENDENCY_SPEC: `file:${packed.tarball}` },
      timeout: INSTALL_TIMEOUT_MS,
    });
    scaffoldSeconds = (performance.now() - scaffoldStarted) / 1000;
    if (scaffold.exitCode !== 0) throw new Error(`startproject failed:\n${String(scaffold.stdout)}\n${String(scaffold.stderr)}`);
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await dev?.stop();
    if (packed) await rm(packed.work, { recursive: true, force: true });
  });

  it("commits after the install, so the lock file is in the first commit and nothing is left untracked", async () => {
    expect(String(scaffold.stdout)).toContain("Using the defaults --db sqlite (pass the options to choose).");
    const tracked = (await run(["git", "ls-files"])).stdout.split("\n");
    expect(tracked).toContain("package-lock.json");
    expect(tracked).not.toContain(".env");
    expect((await run(["git", "status", "--porcelain"])).stdout).toBe("");
  });

  it("migrates and starts with `npm run dev`: readable logs, a banner with the docs URL, GET / answers, emails printed readably", { timeout: 5 * 60_000 }, async () => {
    const migrate = await run([PRISMA_OFFLINE, "migrate", "dev"]);
    expect(migrate.exitCode, migrate.stderr).toBe(0);
    port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    dev = startInBackground("npm", ["run", "dev"], project, { PORT: String(port), PUBLIC_URL: base });
    await waitForServer(`${base}/`, 1_200);
    const firstResponse = performance.now();
    const total = (firstResponse - scaffoldStarted) / 1000;
    console.log(
      `scaffold -> first 200: ${total.toFixed(1)} s (startproject with install and git ${scaffoldSeconds.toFixed(1)} s, ` +
        `then migrate and npm run dev ${(total - scaffoldSeconds).toFixed(1)} s; npm pack excluded)`,
    );

    const home = await fetch(`${base}/`);
    expect(await home.json()).toMatchObject({ name: "shop", docs: "/docs", health: "/health" });
    await waitForOutput(dev.output, new RegExp(`API listening on ${base.replace(/\./g, "\\.")}: documentation at ${base.replace(/\./g, "\\.")}/docs`), "the start banner");
    // Pretty lines, not JSON, under `npm run dev`.
    expect(dev.output().split("\n").some((line) => line.startsWith("{"))).toBe(false);
    expect(dev.output()).toMatch(/INFO.*API listening/);

    // The README's curl walkthrough, run as written (only the host and the pasted link differ).
    const { beforeLink, fromLink } = await walkthrough(path.join(project, "README.md"), base);
    const registered = await execa("bash", ["-c", beforeLink]);
    expect(registered.stdout).toContain('{"detail":"Verification e-mail sent."}');
    // The console backend prints the email as a block: the link alone on its line.
    const [link] = await waitForOutput(dev.output, /^http:\/\/127\.0\.0\.1:\d+\/jwt-allauth\/registration\/verification\/[A-Za-z0-9_-]{43}\/$/m, "the verification link");
    expect(dev.output()).toContain("To: ada@example.com\nSubject: Confirm your email address");
    const rest = await execa("bash", ["-c", fromLink.replace(/^LINK=.*$/m, `LINK='${link}'`)]);
    expect(rest.stdout).toMatch(/^302$/m);
    expect(rest.stdout).toContain('"email":"ada@example.com"');
    expect(rest.stdout).toMatch(/\{"sessions":\[\{"id":"[^"]+","current":true/);
    expect(rest.stdout).toContain('{"detail":"Successfully logged out."}');
    expect(rest.stdout).toContain('"code":"token_not_valid"');
    // The package README promises the same commands.
    const ours = await walkthrough(path.join(PACKAGE_ROOT, "README.md"), base);
    expect(ours).toEqual({ beforeLink, fromLink });
  });

  it("serves /docs in Chromium without a console error, with real examples and a description per response", { timeout: 120_000 }, async () => {
    const base = `http://127.0.0.1:${port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
      await page.goto(`${base}/docs`);
      await page.locator(".opblock-summary-path", { hasText: "/jwt-allauth/login/" }).first().waitFor();
      await page.locator(".opblock-summary-path", { hasText: "/jwt-allauth/login/" }).first().click();
      await page.getByText("ada@example.com").first().waitFor();
      expect(await page.getByText("Default Response").count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("says in one line, without a stack trace, that the port is in use or the SQLite folder does not exist", async () => {
    const busy = await run(["npx", "tsx", "src/server.ts"], project, { PORT: String(port) });
    expect(busy.exitCode).toBe(1);
    expect(busy.stderr.trim()).toBe(`PORT ${port} is already in use on 127.0.0.1: stop the other server, or set another PORT in .env`);
    const missing = await run(["npx", "tsx", "src/server.ts"], project, { PORT: "0", DATABASE_URL: "file:./missing/dev.db" });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr.trim()).toBe(
      'DATABASE_URL="file:./missing/dev.db": the folder ./missing does not exist; create it (mkdir -p ./missing) or point DATABASE_URL at an existing folder',
    );
    const unset = await run(["npx", "tsx", "src/server.ts"], project, { PORT: "0", DATABASE_URL: " " });
    expect(unset.stderr.trim()).toMatch(/^Invalid settings: DATABASE_URL is not set/);
    await dev?.stop();
    dev = undefined;
  });

  it("starts from a teammate's clone: install (postinstall generates the client), a key from .env.example's command, migrate, dev", { timeout: 2 * INSTALL_TIMEOUT_MS }, async () => {
    const clone = path.join(packed.work, "clone");
    expect((await run(["git", "clone", "--quiet", project, clone], packed.work)).exitCode).toBe(0);
    const install = await run(["npm", "install", "--no-audit", "--no-fund"], clone);
    expect(install.exitCode, install.stderr).toBe(0);

    // The generated README's "after cloning": .env from .env.example, the key from its command.
    const example = await readFile(path.join(clone, ".env.example"), "utf8");
    const keyCommand = /^# (node -e .*)$/m.exec(example)![1]!;
    const key = await execa("sh", ["-c", keyCommand], { cwd: clone });
    const env = example.replace(/^JWT_PRIVATE_KEY=$/m, "").replace(/^JWT_KEY_ID=$/m, "") + `\n${key.stdout}\n`;
    await execa("sh", ["-c", 'cat > .env'], { cwd: clone, input: env });
    expect((await run([PRISMA_OFFLINE, "migrate", "dev"], clone)).exitCode).toBe(0);

    // SMTP configured but nobody listening there: the server starts and says so loudly.
    const closed = await freePort();
    const clonePort = await freePort();
    const base = `http://127.0.0.1:${clonePort}`;
    const started = startInBackground("npm", ["run", "dev"], clone, { PORT: String(clonePort), EMAIL_HOST: "127.0.0.1", EMAIL_PORT: String(closed) });
    try {
      // tsx compiles on start: on a busy machine that takes a while.
      await waitForServer(`${base}/health`, 1_200);
      const register = await fetch(`${base}/jwt-allauth/registration/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "grace@example.com", password: PASSWORD }),
      });
      expect(register.status).toBe(201);
      await waitForOutput(started.output, new RegExp(`WARN.*EMAIL_HOST=127\\.0\\.0\\.1 EMAIL_PORT=${closed}: no SMTP server answers there`), "the SMTP warning");
    } finally {
      await started.stop();
    }
  });
});
