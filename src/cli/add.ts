// `jwt-allauth add <feature>`: the feature's models, its migration for the project's provider,
// its relation fields on User, its settings in .env and .env.example, then the next steps.
// Every refusal happens before the first write, so a refused run changes nothing.
import { FEATURE_NAMES, findFeature } from "../features/registry.js";
import { applyChange, describeChange } from "./apply-change.js";
import { CliError } from "./errors.js";
import { openProject } from "./project.js";
import { planSchemaChange } from "./schema-change.js";
import { projectPackageManager } from "./utils/project-package-manager.js";
import { readOwnVersion } from "./utils/package-root.js";

export async function addFeature(projectDir: string, name: string, now = new Date()): Promise<void> {
  const feature = findFeature(name);
  if (!feature) throw new CliError(`unknown feature "${name}" (available: ${FEATURE_NAMES.join(", ")})`);
  const project = await openProject(projectDir);
  if (project.manifest.features.includes(name)) throw new CliError(`${name} is already in this project (see jwt-allauth.json); nothing to do`);
  const installed = project.manifest.features.map((installedName) => requireFeature(installedName));
  const change = await planSchemaChange({ project, features: [...installed, feature], enable: [feature], version: readOwnVersion(), now });
  await applyChange(projectDir, change);
  console.log(`Added ${name}: ${feature.summary}.\n`);
  console.log(describeChange(change, projectPackageManager(projectDir, process.env.npm_config_user_agent), feature.nextSteps));
}

/** A feature the manifest lists must exist in this version of the package. */
export function requireFeature(name: string) {
  const feature = findFeature(name);
  if (!feature) throw new CliError(`jwt-allauth.json lists the feature "${name}", which this version of jwt-allauth does not have`);
  return feature;
}
