// The features JWT_ALLAUTH_FEATURES turned on, from the registry, with the settings they read.
import { findFeature } from "../features/registry.js";
import type { EnabledFeature } from "./features.js";
import type { Settings } from "./settings.js";

export function enabledFeatures(settings: Settings): EnabledFeature[] {
  // loadSettings already refused unknown names.
  return settings.features.map(({ name, settings: featureSettings }) => ({ name, runtime: findFeature(name)!.runtime, settings: featureSettings }));
}
