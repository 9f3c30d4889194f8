// The `app.authenticate` preHandler. The access token is checked by signature alone (a cached
// verification, no database query); with JWT_ACCESS_SESSION_CHECK the session's liveness is also
// checked through a short cache, so a revoked device loses access within seconds, not minutes.
import type { FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { TokenNotValid } from "./errors.js";
import type { Services } from "./services.js";

export interface AuthContext {
  userId: string;
  sessionId: string;
  emailVerified: boolean;
  /** jti of the access token. */
  tokenId: string;
}

export function readBearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== "string") return undefined;
  const [scheme, token] = header.split(" ");
  return scheme?.toLowerCase() === "bearer" && token ? token : undefined;
}

export function createAuthenticate({ tokens, sessions, settings }: Services): preHandlerAsyncHookHandler {
  return async function authenticate(request) {
    const token = readBearerToken(request);
    if (!token) throw new TokenNotValid();
    const claims = tokens.verifyAccess(token);
    if (settings.jwt.accessSessionCheck && !(await sessions.isLive(claims.sid))) throw new TokenNotValid();
    request.auth = { userId: claims.sub, sessionId: claims.sid, emailVerified: claims.email_verified, tokenId: claims.jti };
  };
}

declare module "fastify" {
  interface FastifyInstance {
    /** preHandler: 401 token_not_valid unless a valid Bearer access token is sent; sets request.auth. */
    authenticate: preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    /** Set by app.authenticate; null on routes that do not use it. */
    auth: AuthContext | null;
  }
}
