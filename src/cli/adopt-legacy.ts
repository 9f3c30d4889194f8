// Projects made by jwt-allauth 0.1.0 have one prisma/schema.prisma and no jwt-allauth.json.
// `upgrade` moves them to the folder layout first: the file becomes prisma/schema/schema.prisma
// (the user's, User included) minus the package's models, which go to jwt-allauth.prisma. Only
// models exactly as 0.1.0 wrote them are moved; anything else is refused, never guessed at.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { composeOwnedSchema, contentHash, OWNED_SCHEMA_FILE } from "../schema/compose.js";
import { coreSchema } from "../schema/core.js";
import { readModels } from "../schema/module.js";
import { CliError } from "./errors.js";
import { MANIFEST_FILE, serializeManifest } from "./manifest.js";
import { PROVIDERS, type Provider } from "./options.js";
import { SCHEMA_DIR } from "./project.js";

const LEGACY_SCHEMA = "prisma/schema.prisma";
const CONFIG = "prisma.config.ts";
const INIT = { id: "core/20261129000000_init", folder: "prisma/migrations/20261129000000_init" };

/** Project path -> new content (null: delete), or undefined when the project is not a 0.1.0 one. */
export async function planLegacyAdoption(dir: string): Promise<Map<string, string | null> | undefined> {
  if (existsSync(path.join(dir, MANIFEST_FILE)) || !existsSync(path.join(dir, LEGACY_SCHEMA))) return undefined;
  const legacy = await readFile(path.join(dir, LEGACY_SCHEMA), "utf8");
  const config = await readFile(path.join(dir, CONFIG), "utf8").catch(() => "");
  const refuse = (problem: string) => new CliError(`cannot move this jwt-allauth 0.1.0 project to the prisma/schema/ layout: ${problem}`);
  if (!config.includes(`"${LEGACY_SCHEMA}"`)) throw refuse(`${CONFIG} does not point at "${LEGACY_SCHEMA}"`);
  const provider = /provider\s*=\s*"(\w+)"/.exec(legacy.slice(legacy.indexOf("datasource")))?.[1] as Provider | undefined;
  if (!provider || !PROVIDERS.includes(provider)) throw refuse(`no sqlite or postgresql datasource in ${LEGACY_SCHEMA}`);
  if (!existsSync(path.join(dir, INIT.folder))) throw refuse(`${INIT.folder} is missing`);
  let remaining = legacy;
  for (const block of (await readModels(coreSchema)).split(/\n(?=\/\/\/[^\n]*\n(?:\/\/\/[^\n]*\n)*model |model )/)) {
    const trimmed = block.trim();
    if (!remaining.includes(trimmed)) throw refuse(`its model ${/model (\w+)/.exec(trimmed)?.[1]} is not as jwt-allauth 0.1.0 wrote it`);
    remaining = remaining.replace(trimmed, "");
  }
  // One folder deeper: a relative generator output moves up one more level.
  remaining = remaining.replace(/(output\s*=\s*")(\.\.?\/)/, "$1../$2").replace(/\n{3,}/g, "\n\n");
  const owned = await composeOwnedSchema([coreSchema]);
  return new Map<string, string | null>([
    [LEGACY_SCHEMA, null],
    [`${SCHEMA_DIR}/schema.prisma`, remaining],
    [OWNED_SCHEMA_FILE, owned],
    [CONFIG, config.replace(`"${LEGACY_SCHEMA}"`, `"${SCHEMA_DIR}"`)],
    [MANIFEST_FILE, serializeManifest({ version: "0.1.0", provider, features: [], migrations: [INIT.id], schemaHash: contentHash(owned) })],
  ]);
}
