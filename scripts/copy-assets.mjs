// tsc compiles only TypeScript; the Prisma models and migration SQL beside the code
// (src/schema/, src/features/<name>/) ship in dist/ next to the modules that read them.
import { cpSync } from "node:fs";

for (const dir of ["schema", "features"]) {
  cpSync(`src/${dir}`, `dist/${dir}`, { recursive: true, filter: (source) => !source.endsWith(".ts") });
}
