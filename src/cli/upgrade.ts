// `jwt-allauth upgrade`: after `npm update jwt-allauth`, brings the package's part of the schema
// to this version: jwt-allauth.prisma recomposed, a migration folder for each package migration
// the project lacks (CHANGELOG.md says what each one changes), new settings appended.
import { requireFeature } from "./add.js";
import { planLegacyAdoption } from "./adopt-legacy.js";
import { applyChange, describeChange } from "./apply-change.js";
import { MANIFEST_FILE } from "./manifest.js";
import { openProject } from "./project.js";
import { planSchemaChange } from "./schema-change.js";
import { projectPackageManager } from "./utils/project-package-manager.js";
import { readOwnVersion } from "./utils/package-root.js";

export async function upgradeProject(projectDir: string, now = new Date()): Promise<void> {
  const adoption = await planLegacyAdoption(projectDir);
  if (adoption) {
    await applyChange(projectDir, { writes: adoption });
    console.log("Moved the schema to prisma/schema/ (your models in schema.prisma, jwt-allauth's in jwt-allauth.prisma) and wrote jwt-allauth.json.");
  }
  const project = await openProject(projectDir);
  const features = project.manifest.features.map(requireFeature);
  const version = readOwnVersion();
  const change = await planSchemaChange({ project, features, enable: [], version, now });
  const onlyManifest = change.writes.size === 1 && change.writes.has(MANIFEST_FILE);
  if (onlyManifest && project.manifest.version === version && !adoption) {
    console.log(`Already up to date with jwt-allauth ${version}.`);
    return;
  }
  await applyChange(projectDir, change);
  if (change.migrations.length === 0 && onlyManifest) {
    console.log(`Up to date with jwt-allauth ${version}: no model changed since ${project.manifest.version}.`);
    return;
  }
  console.log(`Upgraded the jwt-allauth schema from ${project.manifest.version} to ${version} (see CHANGELOG.md).\n`);
  console.log(describeChange(change, projectPackageManager(projectDir, process.env.npm_config_user_agent), []));
}
