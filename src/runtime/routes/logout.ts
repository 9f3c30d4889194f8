// POST /logout/ ends this device's session; POST /logout-all/ ends every session of the user.
// Access tokens already handed out stay valid until their short expiry (unless
// JWT_ACCESS_SESSION_CHECK is on); that is the price of verifying them without a query.
import { readBearerToken } from "../authenticate.js";
import { TokenNotValid } from "../errors.js";
import { addRoute, type RouteModule } from "./context.js";
import { bearerSecurity, detailSchema, errorResponses, optionalRefreshBody } from "./schemas.js";

export const logoutRoutes: RouteModule = (app, { services, authenticate, refreshTransport }) => {
  const { sessions, tokens, store } = services;

  addRoute<{ Body: { refresh?: string } | undefined }>(app, {
    method: "POST",
    url: "/logout/",
    schema: {
      tags: ["auth"],
      summary: "End this device's session (send the refresh token, or a Bearer access token)",
      body: optionalRefreshBody,
      response: { 200: detailSchema, ...errorResponses },
    },
    async handler(request, reply) {
      const refresh = refreshTransport.read(request, request.body?.refresh);
      const access = readBearerToken(request);
      if (refresh) {
        await sessions.endByRefreshToken(refresh);
      } else if (access) {
        const claims = tokens.verifyAccess(access);
        await sessions.end(claims.sid, "logout", claims.sub);
      } else {
        throw new TokenNotValid();
      }
      refreshTransport.clear(reply);
      return { detail: "Successfully logged out." };
    },
  });

  addRoute(app, {
    method: "POST",
    url: "/logout-all/",
    preHandler: authenticate,
    schema: {
      tags: ["auth"],
      summary: "End every session of the user, on every device",
      security: bearerSecurity,
      response: {
        200: { type: "object", properties: { detail: { type: "string" }, revoked: { type: "integer" } }, required: ["detail", "revoked"] },
        ...errorResponses,
      },
    },
    async handler(request, reply) {
      const { userId, sessionId } = request.auth!;
      const revoked = await sessions.endAll(userId, "logout_all");
      await store.recordAuditEvent({ type: "logout_all", userId, sessionId, ip: request.ip, detail: { revoked } });
      refreshTransport.clear(reply);
      return { detail: "Successfully logged out of all sessions.", revoked };
    },
  });
};
