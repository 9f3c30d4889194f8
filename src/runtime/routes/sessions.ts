// GET /sessions/ lists the user's devices; DELETE /sessions/:id/ ends one of them.
import { SessionNotFound } from "../errors.js";
import { addRoute, type RouteModule } from "./context.js";
import { bearerSecurity, errorResponses, errorSchema, idField } from "./schemas.js";

const sessionSchema = {
  type: "object",
  properties: {
    id: { type: "string" },
    current: { type: "boolean" },
    createdAt: { type: "string", format: "date-time" },
    lastUsedAt: { type: "string", format: "date-time" },
    ip: { type: "string" },
    userAgent: { type: "string" },
    browser: { type: "string" },
    os: { type: "string" },
    device: { type: "string" },
  },
  required: ["id", "current", "createdAt", "lastUsedAt", "ip", "userAgent", "browser", "os", "device"],
} as const;

export const sessionRoutes: RouteModule = (app, { services, authenticate }) => {
  const { store, sessions, clock, settings } = services;
  const maxLifetime = settings.jwt.sessionMaxLifetime;

  addRoute(app, {
    method: "GET",
    url: "/sessions/",
    preHandler: authenticate,
    schema: {
      tags: ["sessions"],
      summary: "The user's active sessions (devices)",
      security: bearerSecurity,
      response: {
        200: { type: "object", properties: { sessions: { type: "array", items: sessionSchema } }, required: ["sessions"] },
        ...errorResponses,
      },
    },
    async handler(request) {
      const { userId, sessionId } = request.auth!;
      const now = clock.now();
      const createdAfter = maxLifetime === undefined ? undefined : new Date(now.getTime() - maxLifetime);
      const live = await store.listLiveSessions(userId, now, createdAfter);
      return { sessions: live.map((session) => ({ ...session, current: session.id === sessionId })) };
    },
  });

  addRoute<{ Params: { id: string } }>(app, {
    method: "DELETE",
    url: "/sessions/:id/",
    preHandler: authenticate,
    schema: {
      tags: ["sessions"],
      summary: "End one of the user's sessions",
      security: bearerSecurity,
      params: { type: "object", properties: { id: idField }, required: ["id"] },
      response: { 204: { type: "null" }, 404: errorSchema, ...errorResponses },
    },
    async handler(request, reply) {
      // Scoped to the caller: another user's session id answers exactly like an unknown one.
      if (!(await sessions.end(request.params.id, "revoked", request.auth!.userId))) throw new SessionNotFound();
      return reply.code(204).send();
    },
  });
};
