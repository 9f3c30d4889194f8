// Whether the database has every table and column the plugin and its enabled features read: at
// boot (a never-migrated database stops the server with the command to run) and on each
// app.checkAuthDatabase() call (/ready answers 503 if a table goes missing later).
import { SchemaNotMigrated } from "./errors.js";
import type { ModelDelegate } from "./store/index.js";

/** Prisma client properties of the core's models. */
export const CORE_MODELS = ["user", "session", "oneTimeToken", "auditEvent"] as const;

export interface ModelCheck {
  /** "jwt-allauth" or "the <name> feature": who needs the table. */
  owner: string;
  model: string;
}

interface SchemaErrorLike {
  code?: string;
  meta?: { modelName?: string; driverAdapterError?: { cause?: { table?: string; column?: string } } };
}

/**
 * Prisma's "table does not exist" (P2021) and "column does not exist" (P2022): what is missing,
 * such as `table main.Session`, or undefined for any other error.
 */
export function missingSchemaPart(error: unknown): string | undefined {
  const { code, meta } = (error ?? {}) as SchemaErrorLike;
  const cause = meta?.driverAdapterError?.cause;
  if (code === "P2021") return `table ${cause?.table ?? meta?.modelName ?? "?"}`;
  if (code === "P2022") return `column ${cause?.column ?? "?"}`;
  return undefined;
}

/** Reads one row of each model (every column): throws SchemaNotMigrated naming the first gap. */
export async function checkSchema(prisma: Record<string, ModelDelegate | undefined>, checks: readonly ModelCheck[]): Promise<void> {
  for (const { owner, model } of checks) {
    const delegate = prisma[model];
    // The client was generated without the model: `prisma generate` after adding the feature.
    if (!delegate) throw new SchemaNotMigrated(`the Prisma client has no model ${model} for ${owner}; run prisma generate`);
    try {
      await delegate.findFirst({});
    } catch (error) {
      const missing = missingSchemaPart(error);
      if (missing) throw new SchemaNotMigrated(`${missing} of ${owner} is missing`);
      throw error;
    }
  }
}
