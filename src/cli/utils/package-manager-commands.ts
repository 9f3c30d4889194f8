import type { PackageManager } from "../options.js";

export interface PackageManagerCommands {
  /** Installs the project's dependencies. */
  install: string;
  /** Prefix that runs a binary from the project's node_modules: `${exec} prisma generate`. */
  exec: string;
  /** Prefix that runs a package.json script: `${run} dev`. */
  run: string;
}

const COMMANDS: Record<PackageManager, PackageManagerCommands> = {
  npm: { install: "npm install", exec: "npx", run: "npm run" },
  pnpm: { install: "pnpm install", exec: "pnpm exec", run: "pnpm run" },
  yarn: { install: "yarn install", exec: "yarn", run: "yarn run" },
};

export function packageManagerCommands(packageManager: PackageManager): PackageManagerCommands {
  return COMMANDS[packageManager];
}
