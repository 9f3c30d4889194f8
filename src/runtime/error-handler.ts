// The one boundary where errors from Fastify, the JWT library, argon2 and Prisma become answers
// from our catalogue. Anything unexpected is logged and answered as a bare 500, so stack traces
// and SQL never reach a client.
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { BodyTooLarge, InternalError, InvalidInput, InvalidJson, UnsupportedMediaType } from "./errors.js";

/** Our own codes are lowercase snake case; Fastify's and libraries' are not. */
const OWN_CODE = /^[a-z][a-z_]*$/;

export function translateError(error: FastifyError): FastifyError {
  if (error.validation) return new InvalidInput(error.message);
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
  if (error.statusCode !== undefined && error.statusCode < 500) return new InvalidInput(error.message);
  return new InternalError();
}

/** Every auth request body is a few hundred bytes; 16 KiB bounds what a client can make us parse. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Answers in Fastify's error shape, as a plain object so the app's own error handler is not involved. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = translateError(error);
  const statusCode = answer.statusCode ?? 500;
  if (statusCode >= 500) request.log.error({ err: error }, "jwt-allauth: unexpected error");
  return reply
    .code(statusCode)
    .send({ statusCode, code: answer.code, error: STATUS_CODES[statusCode], message: answer.message });
}
