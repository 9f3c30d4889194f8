// Where the refresh token travels (REFRESH_TOKEN_TRANSPORT): in the JSON body, in an HttpOnly
// cookie, or both. A cookie is sent by the browser on its own, so a request authenticated by it
// must prove it was made by our script: it has to carry a custom header, which a cross-site form
// or image cannot set and cross-site fetch cannot set without passing a CORS preflight
// (OWASP "custom request headers"). SameSite=Strict already keeps the cookie off cross-site requests;
// the header covers same-site attackers (a sibling subdomain) and old browsers.
import type {} from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import { CsrfFailed, TokenNotValid } from "../errors.js";
import type { Settings } from "../settings.js";
import type { TokenPair } from "../sessions.js";

export const REFRESH_COOKIE = "refresh_token";
export const CSRF_HEADER = "x-jwt-allauth-csrf";
export const AUTH_PATH = "/jwt-allauth";

export interface RefreshTransport {
  /** The response body for a new token pair; sets the cookie when cookies are on. */
  deliver(reply: FastifyReply, pair: TokenPair): { access: string; refresh?: string };
  /** The refresh token from the body or, CSRF-checked, from the cookie; undefined when absent. */
  read(request: FastifyRequest, bodyToken: string | undefined): string | undefined;
  clear(reply: FastifyReply): void;
}

export function createRefreshTransport(settings: Settings): RefreshTransport {
  const mode = settings.refreshTokenTransport;
  const inBody = mode !== "cookie";
  const inCookie = mode !== "body";
  const cookieOptions = {
    httpOnly: true,
    // Plain http is allowed only while developing; elsewhere the cookie never travels without TLS.
    secure: settings.environment !== "development",
    sameSite: "strict" as const,
    path: AUTH_PATH,
  };
  return {
    deliver(reply, { access, refresh }) {
      if (inCookie) {
        reply.setCookie(REFRESH_COOKIE, refresh, { ...cookieOptions, maxAge: Math.floor(settings.jwt.refreshTokenLifetime / 1000) });
      }
      return inBody ? { access, refresh } : { access };
    },
    read(request, bodyToken) {
      if (bodyToken !== undefined) {
        if (!inBody) throw new TokenNotValid();
        return bodyToken;
      }
      const cookie = inCookie ? request.cookies[REFRESH_COOKIE] : undefined;
      if (cookie === undefined || cookie === "") return undefined;
      if (!request.headers[CSRF_HEADER]) throw new CsrfFailed(CSRF_HEADER);
      return cookie;
    },
    clear(reply) {
      if (inCookie) reply.clearCookie(REFRESH_COOKIE, cookieOptions);
    },
  };
}
