// The `app.authenticate` preHandler. The access token is checked by signature alone (a cached
// verification, no database query); with JWT_ACCESS_SESSION_CHECK the session's liveness is also
// checked through a short cache, so a revoked device loses access within seconds, not minutes.
import type { FastifyError, FastifyRequest, preHandlerHookHandler } from "fastify";
import type { AccessClaims } from "./tokens.js";
import { isDatabaseUnavailable } from "./error-handler.js";
import { DatabaseUnavailable, TokenMissing, TokenNotValid } from "./errors.js";
import type { Services } from "./services.js";

export interface AuthContext {
  userId: string;
  sessionId: string;
  emailVerified: boolean;
  /** jti of the access token. */
  tokenId: string;
  /** auth_time (seconds): the session's last login or reauthentication; 0 for tokens without it. */
  authTime: number;
}

/** RFC 6750: the scheme, one space, one b64token; nothing before or after. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** The one token of `Authorization: Bearer <token>`; undefined for anything else (`Bearer a b` too). */
export function readBearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === "string" ? BEARER.exec(header)?.[1] : undefined;
}

/**
 * Callback style on purpose: this runs on every protected request, and without the session check
 * it is synchronous; an async hook would add a promise per request (measured in bench/).
 */
export function createAuthenticate({ tokens, sessions, settings }: Services): preHandlerHookHandler {
  const checkSession = settings.jwt.accessSessionCheck;
  return function authenticate(request, _reply, done) {
    let claims: AccessClaims;
    try {
      const token = readBearerToken(request);
      if (!token) throw new TokenMissing();
      claims = tokens.verifyAccess(token);
    } catch (error) {
      return done(error as FastifyError);
    }
    request.auth = { userId: claims.sub, sessionId: claims.sid, emailVerified: claims.email_verified, tokenId: claims.jti, authTime: claims.auth_time ?? 0 };
    if (!checkSession) return done();
    sessions.isLive(claims.sid).then(
      (live) => done(live ? undefined : new TokenNotValid()),
      // This hook runs in the app's routes, outside our error handler: an outage must still be
      // the retryable 503, not the app's 500.
      (error: FastifyError) => done(isDatabaseUnavailable(error) ? new DatabaseUnavailable() : error),
    );
  };
}

declare module "fastify" {
  interface FastifyInstance {
    /** preHandler: 401 token_not_valid unless a valid Bearer access token is sent; sets request.auth. */
    authenticate: preHandlerHookHandler;
  }
  interface FastifyRequest {
    /** Set by app.authenticate; null on routes that do not use it. */
    auth: AuthContext | null;
  }
}
