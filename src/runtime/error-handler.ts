// The one boundary where errors from Fastify, the JWT library, argon2 and Prisma become answers
// from our catalogue. Anything unexpected is logged and answered as a bare 500, so stack traces
// and SQL never reach a client.
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { BodyTooLarge, DatabaseUnavailable, InternalError, InvalidInput, InvalidJson, SchemaNotMigrated, UnsupportedMediaType } from "./errors.js";
import { missingSchemaPart } from "./schema-check.js";

/** Our own codes are lowercase snake case; Fastify's and libraries' are not. */
const OWN_CODE = /^[a-z][a-z_]*$/;

export function translateError(error: FastifyError): FastifyError {
  if (error.validation) return new InvalidInput(validationMessage(error));
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new InvalidJson();
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new BodyTooLarge(BODY_LIMIT_BYTES);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new UnsupportedMediaType();
  }
  if (error.statusCode !== undefined && error.statusCode < 500 && OWN_CODE.test(error.code ?? "")) return error;
  if (error instanceof SchemaNotMigrated) return error;
  // A table dropped or never migrated: the operator's fix, so a 503 that says which, never a 500.
  // The detail (which table) goes to the log with the original error, not to the client.
  if (missingSchemaPart(error)) return new SchemaNotMigrated("a table or column is missing");
  if (error.statusCode !== undefined && error.statusCode < 500) return new InvalidInput(error.message);
  return isDatabaseUnavailable(error) ? new DatabaseUnavailable() : new InternalError();
}

/** Ajv's "body must NOT have additional properties" does not say which; this names the field. */
function validationMessage(error: FastifyError): string {
  const [first] = error.validation!;
  const unknown = first?.keyword === "additionalProperties" ? (first.params as { additionalProperty?: string }).additionalProperty : undefined;
  if (unknown === undefined) return error.message;
  return `${error.validationContext ?? "body"}${first!.instancePath}/${unknown} is not a known field`;
}

/**
 * Driver adapter error kinds (Prisma 7) that say the database is not there right now, as opposed to
 * a query that is wrong: refused or closed connections, timeouts (SQLite's SQLITE_BUSY maps to
 * SocketTimeout), a full server, a dropped database.
 */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
/** Prisma's own codes for the same: can't reach (P1001), timeouts (P1002, P1008), closed (P1017), pool timeout (P2024). */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** PostgreSQL SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P shutdown or terminated. */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;

interface PrismaLikeError {
  name?: string;
  code?: string;
  message?: string;
  meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; severity?: string } } };
}

/**
 * An outage is a 503 the client may retry, not a 500 bug: monitors and load balancers treat the
 * two differently. Prisma reconnects on the next query, so nothing here needs to be reset.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error as PrismaLikeError;
  if (candidate.name === "PrismaClientInitializationError") return true;
  if (candidate.code !== undefined && UNAVAILABLE_PRISMA_CODES.has(candidate.code)) return true;
  // node-postgres's plain Errors: a connection the server killed, and the pool's bounds
  // (connectionTimeoutMillis, query_timeout) on a database that accepts but does not answer.
  if (/Connection terminated|timeout exceeded when trying to connect|Query read timeout/i.test(candidate.message ?? "")) return true;
  const cause = candidate.meta?.driverAdapterError?.cause;
  if (cause?.kind === undefined) return false;
  if (UNAVAILABLE_KINDS.has(cause.kind)) return true;
  // A FATAL PostgreSQL error ends the session: the server refused or dropped the connection.
  return cause.kind === "postgres" && (cause.severity === "FATAL" || UNAVAILABLE_SQLSTATE.test(cause.code ?? ""));
}

/** Every auth request body is a few hundred bytes; 16 KiB bounds what a client can make us parse. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Answers in Fastify's error shape, as a plain object so the app's own error handler is not involved. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = translateError(error);
  const statusCode = answer.statusCode ?? 500;
  if (statusCode >= 500) request.log.error({ err: error }, "jwt-allauth: unexpected error");
  // A lockout (a feature's 429) says when to come back, as the rate limits do.
  const { retryAfterSeconds } = answer as { retryAfterSeconds?: number };
  if (retryAfterSeconds !== undefined) reply.header("retry-after", String(retryAfterSeconds));
  return reply
    .code(statusCode)
    .send({ statusCode, code: answer.code, error: STATUS_CODES[statusCode], message: answer.message });
}
