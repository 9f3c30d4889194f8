// JWT_ALLAUTH_FEATURES: which installed features run (`jwt-allauth add` appends to it). An unknown
// name stops the boot rather than silently running without, say, a second factor.
import { FEATURE_NAMES, findFeature } from "../features/registry.js";
import type { SettingsReader } from "./settings.js";

export const FEATURES_VARIABLE = "JWT_ALLAUTH_FEATURES";

export interface FeatureSelection {
  name: string;
  /** What the feature's loadSettings returned (undefined when it reads none). */
  settings: unknown;
}

export function readFeatures(reader: SettingsReader): FeatureSelection[] {
  const names = [...new Set((reader.read(FEATURES_VARIABLE) ?? "").split(",").map((name) => name.trim()).filter(Boolean))];
  return names.map((name) => {
    const feature = findFeature(name);
    if (!feature) {
      throw reader.fail(FEATURES_VARIABLE, `names an unknown feature "${name}" (known: ${FEATURE_NAMES.join(", ")}; separate names with commas)`);
    }
    return { name, settings: feature.runtime.loadSettings?.(reader) };
  });
}
