// The validator for the plugin's own routes. Fastify's default Ajv coerces types (["a@x.io"]
// becomes "a@x.io", 42 becomes "42"), so a wrong type would slip through as a plausible value; the
// auth routes take JSON exactly as typed and answer 400 otherwise. Encapsulated: the app's own
// routes keep the app's validator.
import { Ajv } from "ajv";
import type { FastifySchemaCompiler } from "fastify";

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  // removeAdditional: unknown fields are dropped, never stored; nullable: bodiless cookie requests.
  const ajv = new Ajv({ coerceTypes: false, removeAdditional: true, useDefaults: true, allErrors: false, strict: false });
  return ({ schema }) => ajv.compile(schema as object);
}
