// A real app on a fresh database, with a signing key of its own: tests never need the
// secrets in .env, so they also run in CI where .env does not exist.
import { generateKeyPairSync } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Mailer } from "jwt-allauth";
import { buildApp } from "../../src/app.js";
import type { Database } from "../../src/db.js";
import { loadDotEnv, loadProjectSettings, type Env } from "../../src/settings.js";
import { createTestDatabase } from "./database.js";

export interface TestApp {
  app: FastifyInstance;
  prisma: Database;
  close(): Promise<void>;
}

/** The settings of .env and the environment, made safe for tests, plus `overrides`. */
export function testEnv(databaseUrl: string, overrides: Env = {}): Env {
  loadDotEnv();
  const { privateKey } = generateKeyPairSync("ed25519");
  return {
    ...process.env,
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: databaseUrl,
    JWT_ALGORITHM: "EdDSA",
    JWT_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    JWT_KEY_ID: "test-key",
    ...overrides,
  };
}

export async function createTestApp(overrides: Env = {}, mailer?: Mailer): Promise<TestApp> {
  const database = await createTestDatabase();
  const settings = loadProjectSettings(testEnv(database.url, overrides));
  const app = await buildApp({ settings, prisma: database.prisma, mailer });
  await app.ready();
  return {
    app,
    prisma: database.prisma,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
