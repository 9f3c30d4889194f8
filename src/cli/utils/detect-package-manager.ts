import type { PackageManager } from "../options.js";

/**
 * The package manager that launched us: npx, pnpm dlx and yarn dlx all set
 * npm_config_user_agent (e.g. "pnpm/9.1.0 npm/? node/v20.19.0 linux x64").
 */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  if (userAgent?.startsWith("pnpm/")) return "pnpm";
  if (userAgent?.startsWith("yarn/")) return "yarn";
  return "npm";
}
