// .env and .env.example as text: a feature's settings are appended, and a variable that is
// already there keeps its value (the user's choice, or a secret). Comments and order stay.
import { resolveEnvEntry, type EnvEntry, type EnvFileName } from "../features/feature.js";
import { FEATURES_VARIABLE } from "../runtime/feature-settings.js";

const assignment = (name: string) => new RegExp(`^[ \\t]*(?:export[ \\t]+)?${name}[ \\t]*=(.*)$`, "m");

/** Appends each entry whose variable is not set in `text` yet, under a heading. */
export function appendMissing(text: string, heading: string, entries: readonly EnvEntry[], file: EnvFileName): string {
  const missing = entries.filter((entry) => !assignment(entry.name).test(text)).map((entry) => resolveEnvEntry(entry, file));
  if (missing.length === 0) return text;
  const lines = missing.flatMap((entry) => [`# ${entry.comment}`, `${entry.name}=${entry.value}`]);
  return `${text.replace(/\n*$/, "\n")}\n# ${heading}\n${lines.join("\n")}\n`;
}

/** Adds `feature` to JWT_ALLAUTH_FEATURES, keeping the names already listed. */
export function enableFeature(text: string, feature: string): string {
  const match = assignment(FEATURES_VARIABLE).exec(text);
  if (!match) return `${text.replace(/\n*$/, "\n")}\n# Features of jwt-allauth that run (comma-separated).\n${FEATURES_VARIABLE}=${feature}\n`;
  const names = match[1]!.trim().replace(/^["']|["']$/g, "").split(",").map((name) => name.trim()).filter(Boolean);
  if (names.includes(feature)) return text;
  return text.replace(match[0], `${FEATURES_VARIABLE}=${[...names, feature].join(",")}`);
}
