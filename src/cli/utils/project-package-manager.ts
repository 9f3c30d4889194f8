import { existsSync } from "node:fs";
import path from "node:path";
import type { PackageManager } from "../options.js";
import { detectPackageManager } from "./detect-package-manager.js";

const LOCK_FILES: ReadonlyArray<[string, PackageManager]> = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["package-lock.json", "npm"],
];

/** The package manager an existing project uses (its lock file), else the one running us. */
export function projectPackageManager(projectDir: string, userAgent: string | undefined): PackageManager {
  const found = LOCK_FILES.find(([file]) => existsSync(path.join(projectDir, file)));
  return found ? found[1] : detectPackageManager(userAgent);
}
