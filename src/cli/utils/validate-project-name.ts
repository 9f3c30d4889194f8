import validatePackageName from "validate-npm-package-name";
import { CliError } from "../errors.js";

/**
 * The project name becomes the package.json `name`, so it must be a name npm accepts for a new
 * package (lower case, no spaces, at most 214 characters, not a core module such as `http`).
 */
export function validateProjectName(name: string): void {
  const result = validatePackageName(name);
  if (result.validForNewPackages) return;
  const reasons = [...(result.errors ?? []), ...(result.warnings ?? [])];
  throw new CliError(`invalid project name "${name}": ${reasons.join("; ")}`);
}
