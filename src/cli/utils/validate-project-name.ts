import validatePackageName from "validate-npm-package-name";
import { CliError } from "../errors.js";

/**
 * The project name becomes the package.json `name`, so it must be a name npm accepts for a new
 * package (lower case, no spaces, at most 214 characters, not a core module such as `http`).
 * Returns what is wrong with it, or undefined; the prompt shows this under the answer.
 */
export function projectNameProblem(name: string): string | undefined {
  const result = validatePackageName(name);
  if (result.validForNewPackages) return undefined;
  const reasons = [...(result.errors ?? []), ...(result.warnings ?? [])];
  return `invalid project name "${name}": ${reasons.join("; ")}`;
}

export function validateProjectName(name: string): void {
  const problem = projectNameProblem(name);
  if (problem) throw new CliError(problem);
}
