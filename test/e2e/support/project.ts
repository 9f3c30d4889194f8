// A generated project as a new user gets it: this package packed with `npm pack`, installed in a
// throwaway folder, its `jwt-allauth` bin run as a child process, the project installed from the
// tarball (JWT_ALLAUTH_DEPENDENCY_SPEC), migrated with the real Prisma CLI and started with
// `npm start`. Shared by the e2e suites and the CLI's own end-to-end test.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { PACKAGE_ROOT } from "../../../src/cli/utils/package-root.js";
import { PG_ADMIN_URL, withAdmin } from "../../support/databases.js";
import type { Provider } from "../../support/prisma-clients.js";

/** The offline Prisma CLI beside the clone (CI puts shared/ next to it, as here). */
export const PRISMA_OFFLINE = path.resolve(PACKAGE_ROOT, "../shared/prisma-offline/prisma");
export const NO_ENGINE = path.resolve(PACKAGE_ROOT, "../shared/prisma-offline/lib/no-native-engine");
/** npm install of a project compiles better-sqlite3 on a busy 2-core machine: minutes, not seconds. */
export const INSTALL_TIMEOUT_MS = 8 * 60_000;
/** One lock for every suite that packs: `prepack` rebuilds dist/, and two builds must not interleave. */
const PACK_LOCK = path.join(os.tmpdir(), "jwt-allauth-npm-pack.lock");

export interface PackedPackage {
  work: string;
  tarball: string;
  /** The `jwt-allauth` bin installed from the tarball. */
  bin: string;
}

/** Packs this package (prepack builds it) into a fresh folder and installs its bin from the tarball. */
export async function packAndInstallCli(prefix: string): Promise<PackedPackage> {
  const work = await mkdtemp(path.join(os.tmpdir(), prefix));
  await execa("flock", [PACK_LOCK, "npm", "pack", "--pack-destination", work, "--json"], { cwd: PACKAGE_ROOT });
  const [tarballName] = (await readdir(work)).filter((file) => file.endsWith(".tgz"));
  const tarball = path.join(work, tarballName!);
  await mkdir(path.join(work, "cli"));
  await execa("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", tarball], { cwd: path.join(work, "cli") });
  return { work, tarball, bin: path.join(work, "cli/node_modules/.bin/jwt-allauth") };
}

/** The CLI as a user runs it: no terminal, stdin an open pipe that never answers. */
export function runCli(packed: PackedPackage, args: string[], options: { env?: Record<string, string>; timeout?: number } = {}) {
  return execa(packed.bin, args, {
    cwd: packed.work,
    env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, ...options.env },
    reject: false,
    timeout: options.timeout ?? 20_000,
    stdin: "pipe",
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

export async function waitForServer(url: string, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** `startproject <name> <args>` from the packed package, the project depending on the tarball; throws with the CLI's output when it fails. */
export async function scaffoldFromTarball(packed: PackedPackage, name: string, args: string[]) {
  const result = await runCli(packed, ["startproject", name, ...args], {
    env: { JWT_ALLAUTH_DEPENDENCY_SPEC: `file:${packed.tarball}` },
    timeout: INSTALL_TIMEOUT_MS,
  });
  if (result.exitCode !== 0) throw new Error(`startproject failed:\n${String(result.stdout)}\n${String(result.stderr)}`);
  return { dir: path.join(packed.work, name), result };
}

export interface RunDatabase {
  /** The project's DATABASE_URL. */
  url: string;
  /** The PostgreSQL database's name ("" for SQLite). */
  name: string;
  /** Drops the PostgreSQL database; the SQLite file goes with the project folder. */
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database for one run, or a SQLite file inside the project. */
export async function createRunDatabase(provider: Provider, prefix: string): Promise<RunDatabase> {
  if (provider === "sqlite") return { url: "file:./prod.db", name: "", drop: async () => undefined };
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}
