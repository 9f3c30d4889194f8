// Counts the SQL statements of one refresh on each provider (the harness records every query).
import Fastify from "fastify";
import jwtAllauth, { loadSettings, type Env } from "../src/runtime/index.js";
import { createTestDatabase } from "../test/support/databases.js";
import { PROVIDERS, type Provider } from "../test/support/prisma-clients.js";
import { PASSWORD } from "./fixtures.js";

export async function countRefreshStatements(env: Env): Promise<Record<Provider, string[]>> {
  const counts = {} as Record<Provider, string[]>;
  for (const provider of PROVIDERS) {
    const database = await createTestDatabase(provider);
    const app = Fastify();
    await app.register(jwtAllauth, {
      prisma: database.prisma,
      settings: loadSettings({ ...env, RATE_LIMIT: "false" }),
    });
    try {
      const signUp = await app.inject({
        method: "POST",
        url: "/jwt-allauth/registration/",
        payload: { email: "statements@example.com", password: PASSWORD },
      });
      database.queries.length = 0;
      const refreshed = await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: signUp.json().refresh } });
      if (refreshed.statusCode !== 200) throw new Error(`refresh failed: ${refreshed.body}`);
      counts[provider] = [...database.queries];
    } finally {
      await app.close();
      await database.drop();
    }
  }
  return counts;
}
