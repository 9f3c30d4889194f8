// Writes a planned schema change and prints what to run next. Each file is written to a
// temporary name and renamed over the original, so an interrupted run leaves whole files.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PackageManager } from "./options.js";
import type { SchemaChange } from "./schema-change.js";
import { packageManagerCommands } from "./utils/package-manager-commands.js";

export async function applyChange(projectDir: string, change: Pick<SchemaChange, "writes">): Promise<void> {
  for (const [file, content] of change.writes) {
    const target = path.join(projectDir, file);
    if (content === null) {
      await rm(target);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(`${target}.jwt-allauth-tmp`, content, { mode: file === ".env" ? 0o600 : 0o644 });
    await rename(`${target}.jwt-allauth-tmp`, target);
  }
}

/** The report after a change: the files written, then the commands that take it live. */
export function describeChange(change: SchemaChange, packageManager: PackageManager, extraSteps: readonly string[]): string {
  const { exec, run } = packageManagerCommands(packageManager);
  const files = [...change.writes.keys()].map((file) => `  ${file}`).join("\n");
  const steps = [
    `${exec} prisma migrate dev   # applies the new migration to your development database`,
    `${exec} prisma generate      # the Prisma client with the new models (Prisma 7 no longer does it on migrate)`,
    `${run} db:deploy             # in production (or the Dockerfile's start), once the migration is committed`,
    ...extraSteps,
    "restart the server",
  ];
  return `Wrote:\n${files}\n\nNext steps:\n${steps.map((step) => `  ${step}`).join("\n")}\n`;
}
