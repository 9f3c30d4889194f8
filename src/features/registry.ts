// Every feature module, in one explicit list: nothing registers itself by being imported. The
// order is the order of their models in jwt-allauth.prisma and of their first-factor hooks.
import type { Feature } from "./feature.js";
import { mfa } from "./mfa/index.js";
import { rateLimitStore } from "./rate-limit-store/index.js";

export const FEATURES: readonly Feature[] = [rateLimitStore, mfa];

export const FEATURE_NAMES = FEATURES.map((feature) => feature.name);

export function findFeature(name: string): Feature | undefined {
  return FEATURES.find((feature) => feature.name === name);
}
