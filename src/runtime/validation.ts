// The validator for the plugin's own routes. Fastify's default Ajv coerces types (["a@x.io"]
// becomes "a@x.io", 42 becomes "42"), so a wrong type would slip through as a plausible value; the
// auth routes take JSON exactly as typed and answer 400 otherwise. Encapsulated: the app's own
// routes keep the app's validator.
import { Ajv } from "ajv";
import type { FastifySchemaCompiler } from "fastify";

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  // nullable: bodiless cookie requests.
  const ajv = new Ajv({ coerceTypes: false, useDefaults: true, allErrors: false, strict: false });
  return ({ schema, httpPart }) => ajv.compile(httpPart === "body" ? closed(schema as Record<string, unknown>) : (schema as object));
}

/**
 * A body refuses the fields its schema does not name (400 naming the field; see translateError):
 * nothing unknown reaches a handler or the database, and a typo (`first_name`) is an error
 * instead of a request that silently does nothing.
 */
function closed(schema: Record<string, unknown>): object {
  return schema.type === "object" && !("additionalProperties" in schema) ? { ...schema, additionalProperties: false } : schema;
}
