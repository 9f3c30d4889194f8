// One generated PostgreSQL project, installed from the packed tarball and built, shared by every
// scale test file and the soak: installing costs a minute on this machine, starting an instance a
// second. It is kept under the tarball's hash, so a changed package gets a new install and an
// unchanged one is reused (also by files running in parallel, which wait on one lock).
import { createHash } from "node:crypto";
import { once } from "node:events";
import { access, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { INSTALL_TIMEOUT_MS, NO_ENGINE, packAndInstallCli, runCli } from "../../e2e/support/project.js";

const LOCK = path.join(os.tmpdir(), "jwt-allauth-scale-project.lock");

export async function installedProject(): Promise<string> {
  const packed = await packAndInstallCli("jwt-allauth-scale-pack-");
  const hash = createHash("sha256").update(await readFile(packed.tarball)).digest("hex").slice(0, 16);
  const project = path.join(os.tmpdir(), `jwt-allauth-scale-project-${hash}`);
  const release = await lock();
  try {
    if (await exists(path.join(project, ".installed"))) return project;
    await removeStaleInstalls();
    await rm(project, { recursive: true, force: true });
    const scaffold = await runCli(packed, ["startproject", "scale-app", project, "--db", "postgresql", "--email", "--no-git"], {
      env: { JWT_ALLAUTH_DEPENDENCY_SPEC: `file:${packed.tarball}` },
      timeout: INSTALL_TIMEOUT_MS,
    });
    if (scaffold.exitCode !== 0) throw new Error(`startproject failed:\n${String(scaffold.stdout)}\n${String(scaffold.stderr)}`);
    await execa("npm", ["run", "build"], { cwd: project, env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE } });
    await writeFile(path.join(project, ".installed"), packed.tarball);
    return project;
  } finally {
    release();
    await rm(packed.work, { recursive: true, force: true });
  }
}

/**
 * An exclusive flock held by a child process until we close its stdin; if this process dies the
 * pipe closes and the lock is released by itself, so a crashed run never blocks the next one.
 */
async function lock(): Promise<() => void> {
  const holder = execa("flock", ["-x", LOCK, "sh", "-c", "echo locked; cat >/dev/null"], { stdin: "pipe", reject: false, buffer: false });
  await once(holder.stdout!, "data");
  return () => holder.stdin!.end();
}

/** Installs of other versions of the package (about 400 MB each) made over an hour ago. */
async function removeStaleInstalls(): Promise<void> {
  for (const name of await readdir(os.tmpdir())) {
    if (!name.startsWith("jwt-allauth-scale-project-") || name.endsWith(".lock")) continue;
    const folder = path.join(os.tmpdir(), name);
    const { mtimeMs } = await stat(folder);
    if (Date.now() - mtimeMs > 60 * 60_000) await rm(folder, { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
