import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package root, three levels up from this file: src/cli/utils under tests, dist/cli/utils when built. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEFAULT_TEMPLATE_DIR = path.join(PACKAGE_ROOT, "templates/project");
export const EMAIL_TEMPLATES_DIR = path.join(PACKAGE_ROOT, "templates/email");

/** Our own version, read from package.json (a JSON import would warn as experimental on Node 20). */
export function readOwnVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
  return manifest.version;
}
