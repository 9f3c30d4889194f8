// app.checkAuthDatabase(): the readiness of everything the auth routes need from the database.
// At boot a missing table stops the server (SchemaNotMigrated names it and the command to run);
// an unreachable database does not, since the routes answer 503 and recover once it is back.
import type { FastifyBaseLogger } from "fastify";
import { isDatabaseUnavailable } from "./error-handler.js";
import { DatabaseUnavailable, SchemaNotMigrated } from "./errors.js";
import type { EnabledFeature } from "./features.js";
import { checkSchema, CORE_MODELS, type ModelCheck } from "./schema-check.js";
import type { ModelDelegate, PrismaClientLike } from "./store/index.js";

export type DatabaseCheck = () => Promise<void>;

export function createDatabaseCheck(prisma: PrismaClientLike, features: readonly EnabledFeature[], log: FastifyBaseLogger): DatabaseCheck {
  const checks: ModelCheck[] = [
    ...CORE_MODELS.map((model) => ({ owner: "jwt-allauth", model })),
    ...features.flatMap(({ name, runtime }) => runtime.models.map((model) => ({ owner: `the ${name} feature`, model }))),
  ];
  const delegates = prisma as unknown as Record<string, ModelDelegate | undefined>;
  return async () => {
    try {
      await checkSchema(delegates, checks);
    } catch (error) {
      if (error instanceof SchemaNotMigrated) throw error;
      // Readiness answers 503 whatever went wrong: a probe must never see a 500.
      if (!isDatabaseUnavailable(error)) log.error({ err: error }, "jwt-allauth: database check failed");
      throw new DatabaseUnavailable();
    }
  };
}

/** At boot: a schema gap is fatal, an outage only a warning (the server recovers by itself). */
export async function checkDatabaseAtBoot(check: DatabaseCheck, log: FastifyBaseLogger): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof SchemaNotMigrated) throw error;
    log.warn("jwt-allauth: the database did not answer at boot; the schema will be checked by app.checkAuthDatabase()");
  }
}

declare module "fastify" {
  interface FastifyInstance {
    /**
     * Resolves when the database answers and has every table the auth routes and the enabled
     * features need; rejects with errors.DatabaseUnavailable or errors.SchemaNotMigrated (both
     * 503, with `code` and `message` to answer). For /ready.
     */
    checkAuthDatabase: DatabaseCheck;
  }
}
