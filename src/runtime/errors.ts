// The one catalogue of errors the runtime answers with. Codes are a public contract
// (clients branch on them); messages may change. Fastify serialises each as
// {statusCode, code, error, message}.
import createError from "@fastify/error";

/**
 * @fastify/error upper-cases codes; ours are lowercase by contract (DESIGN.md), so the instance
 * gets the code back as written.
 */
export function defineError<C extends string, SC extends number, Args extends unknown[] = [unknown?, unknown?]>(code: C, message: string, statusCode: SC) {
  const Base = createError<C, SC, Args>(code, message, statusCode);
  return class extends Base {
    constructor(...args: Args) {
      super(...args);
      this.code = code;
    }
  };
}

/** Missing, malformed, forged, expired, revoked or wrong-type token: one answer, so probing learns nothing. */
export const TokenNotValid = defineError("token_not_valid", "Token is invalid or expired", 401);
/**
 * No Bearer token at all. The same code as a bad token (clients need one branch for "sign in
 * again"), but a message that says what to send: a missing header reveals nothing to probe.
 */
export const TokenMissing = defineError("token_not_valid", "Authentication required: send the header Authorization: Bearer <access token>", 401);
/** One answer for an unknown email and a wrong password, so login reveals no accounts. */
export const InvalidCredentials = defineError("invalid_credentials", "Unable to log in with the provided credentials", 401);
export const EmailNotVerified = defineError("email_not_verified", "The email address is not verified", 403);
export const AccountInactive = defineError("account_inactive", "This account is inactive", 403);
/** Only answered when registration hands out tokens anyway (verification off or optional). */
export const EmailTaken = defineError("email_taken", "email: an account with this email address already exists", 400);
export const PasswordTooShort = defineError("password_too_short", "%s: the password must be at least %d characters", 400);
export const PasswordTooLong = defineError("password_too_long", "%s: the password must be at most %d characters", 400);
export const PasswordTooCommon = defineError("password_too_common", "%s: this password is too common", 400);
export const WrongPassword = defineError("wrong_password", "%s: the current password is not correct", 400);
/** Step-up: a sensitive action needs a login or reauthentication younger than REAUTHENTICATION_MAX_AGE. */
export const ReauthenticationRequired = defineError(
  "reauthentication_required",
  "This action needs a recent authentication: POST /jwt-allauth/reauthenticate/ with your password or a code, then retry with the new access token",
  401,
);
/** Schema validation failed; the message names the field ("body/email must be string"). */
export const InvalidInput = defineError("invalid_input", "%s", 400);
export const InvalidJson = defineError("invalid_json", "The body is not valid JSON", 400);
export const BodyTooLarge = defineError("body_too_large", "The body is larger than %d bytes", 413);
export const UnsupportedMediaType = defineError("unsupported_media_type", "Send the body as application/json", 415);
export const InternalError = defineError("internal_error", "Something went wrong on our side", 500);
/** The database cannot be reached right now; clients may retry, the server reconnects by itself. */
export const DatabaseUnavailable = defineError("database_unavailable", "The database is unavailable, retry shortly", 503);
/**
 * A table or column the routes need is missing: the migrations were not applied (or a table was
 * dropped). A 503, not a 500: the fix is an operator's command, and the process itself is fine.
 */
export const SchemaNotMigrated = defineError(
  "schema_not_migrated",
  "The database schema is not migrated (%s); apply the migrations: prisma migrate deploy (in development: prisma migrate dev)",
  503,
);
export const CsrfFailed = defineError("csrf_failed", "The %s header is required for cookie-authenticated requests", 403);
export const SessionNotFound = defineError("not_found", "Session not found", 404);
export const RateLimited = defineError("rate_limited", "Too many requests, retry in %s", 429);
/** Email links (verification key, reset token); %s names the field. */
export const LinkInvalid = defineError("link_invalid", "%s: this link is not valid (it may be incomplete, or a newer email replaced it)", 400);
export const LinkUsed = defineError("link_used", "%s: this link has already been used", 400);
export const LinkExpired = defineError("link_expired", "%s: this link has expired; ask for a new email", 400);
/** The error for each way a one-time link can fail (see ConsumeResult). */
export const LINK_ERRORS = { invalid: LinkInvalid, used: LinkUsed, expired: LinkExpired } as const;
