// A generated project as a new user gets it: this package packed with `npm pack`, installed in a
// throwaway folder, its `jwt-allauth` bin run as a child process, the project installed from the
// tarball (JWT_ALLAUTH_DEPENDENCY_SPEC), migrated with the real Prisma CLI and started with
// `npm start`. Shared by the e2e suites and the CLI's own end-to-end test.
import { mkdir, mkdtemp, readdir } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { PACKAGE_ROOT } from "../../../src/cli/utils/package-root.js";

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
