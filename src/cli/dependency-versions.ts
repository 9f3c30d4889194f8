// Every dependency the generated project pins, in one map, so the template never hard-codes
// a version and an upgrade is one line here.
export const DEPENDENCY_VERSIONS = {
  fastify: "5.12.8",
  "@fastify/swagger": "9.9.3",
  "@fastify/swagger-ui": "6.1.3",
  "@prisma/client": "7.10.0",
  // One Prisma release for the CLI, the client and both adapters: a mismatched pair warns at
  // generate time and may not agree on the generated client's format. 7.10.0 is the newest
  // release published for all four (@prisma/client has no 7.10.1).
  prisma: "7.10.0",
  "@prisma/adapter-better-sqlite3": "7.10.0",
  "better-sqlite3": "12.11.1",
  "@prisma/adapter-pg": "7.10.0",
  pg: "8.23.1",
  "@types/pg": "8.23.1",
  typescript: "5.9.3",
  tsx: "4.23.15",
  // Readable logs under `npm run dev`; never loaded in production (LOG_FORMAT=json).
  "pino-pretty": "13.2.0",
  vitest: "4.1.12",
  // Not a direct dependency: pinned through `overrides` because vite 8.4.0 (pulled in by vitest)
  // lists an optional dependency missing from the registry, which makes `npm ci` refuse the lock.
  vite: "8.3.8",
  "@types/node": "22.20.7",
  "@types/better-sqlite3": "7.6.13",
} as const;

export type DependencyName = keyof typeof DEPENDENCY_VERSIONS;
