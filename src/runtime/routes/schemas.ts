// JSON schemas shared by the routes: they validate input, shape output (so a new database column
// never leaks into a response) and document the API in OpenAPI.

export const errorSchema = {
  type: "object",
  properties: {
    statusCode: { type: "integer" },
    code: { type: "string" },
    error: { type: "string" },
    message: { type: "string" },
  },
} as const;

export const userSchema = {
  type: "object",
  properties: {
    id: { type: "string" },
    email: { type: "string" },
    firstName: { type: "string" },
    lastName: { type: "string" },
    emailVerified: { type: "boolean" },
  },
  required: ["id", "email", "firstName", "lastName", "emailVerified"],
} as const;

export const detailSchema = {
  type: "object",
  properties: { detail: { type: "string" } },
  required: ["detail"],
} as const;

/** `refresh` is left out of the body when REFRESH_TOKEN_TRANSPORT=cookie (it travels in the HttpOnly cookie). */
export const tokenPairSchema = {
  type: "object",
  properties: { access: { type: "string" }, refresh: { type: "string" } },
  required: ["access"],
} as const;

export const tokensWithUserSchema = {
  type: "object",
  properties: { ...tokenPairSchema.properties, user: userSchema },
  required: ["access", "user"],
} as const;

/** No control characters in text that reaches the database (PostgreSQL refuses NUL: a 500 otherwise). */
const PRINTABLE = "^[^\\u0000-\\u001F\\u007F]*$";

/** Canonicalised and checked by readEmail (trimmed, NFC, lower case, IDNA domain), so " A@x.io " is accepted. */
// `examples` become the examples in /docs (instead of strings generated from the pattern).
export const emailField = { type: "string", minLength: 3, maxLength: 320, pattern: PRINTABLE, examples: ["ada@example.com"] } as const;
/** The policy (8..128 characters, not common) is checked in the handler with its own error codes. */
export const passwordField = { type: "string", minLength: 1, maxLength: 1024, examples: ["correct horse battery staple"] } as const;
export const nameField = { type: "string", maxLength: 150, pattern: PRINTABLE, examples: ["Ada"] } as const;
/** Session ids are UUIDs; anything else is refused before it reaches a query. */
export const idField = { type: "string", minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" } as const;
export const tokenField = { type: "string", minLength: 1, maxLength: 4096 } as const;

/** `{refresh?}`; nullable because a cookie or Bearer request may send no body at all. */
export const optionalRefreshBody = { type: "object", nullable: true, properties: { refresh: tokenField } } as const;

export const errorResponses = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema, 503: errorSchema } as const;

/** An HTML page in /docs. Documentation only: Fastify never re-serializes a string body. */
export function htmlPage(description: string) {
  return { description, content: { "text/html": { schema: { type: "string" } } } } as const;
}

/**
 * What each status means on the auth routes, shown in /docs under every response (without a
 * description @fastify/swagger shows "Default Response"). A response's own description wins.
 */
export const RESPONSE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  200: "Success",
  201: "Created",
  204: "Done; no body",
  400: "Invalid input or link: `code` says which (invalid_input, password_too_short, link_used, ...) and `message` names the field",
  401: "No valid access or refresh token, or wrong credentials (token_not_valid, invalid_credentials)",
  403: "Refused: email not verified, account inactive, or the CSRF header missing (email_not_verified, account_inactive, csrf_failed)",
  404: "Not found (not_found)",
  429: "Too many requests (rate_limited): retry after the Retry-After header",
  503: "The database is unavailable (database_unavailable): retry shortly",
};
export const bearerSecurity = [{ bearerAuth: [] }];

export const jwksSchema = {
  type: "object",
  properties: {
    keys: {
      type: "array",
      items: {
        type: "object",
        properties: { kty: { type: "string" }, crv: { type: "string" }, x: { type: "string" }, kid: { type: "string" }, alg: { type: "string" }, use: { type: "string" } },
      },
    },
  },
  required: ["keys"],
} as const;
