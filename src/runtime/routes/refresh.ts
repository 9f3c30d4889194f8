// POST /refresh/: rotate the refresh token (body or cookie) into a new pair.
import { TokenNotValid } from "../errors.js";
import { addRoute, type RouteModule } from "./context.js";
import { errorResponses, optionalRefreshBody, tokenPairSchema } from "./schemas.js";

export const refreshRoutes: RouteModule = (app, { services, limits, refreshTransport }) => {
  addRoute<{ Body: { refresh?: string } | undefined }>(app, {
    method: "POST",
    url: "/refresh/",
    onRequest: limits.perIp("refresh"),
    schema: {
      tags: ["auth"],
      summary: "Exchange a refresh token for a new access and refresh token",
      body: optionalRefreshBody,
      response: { 200: tokenPairSchema, ...errorResponses },
    },
    async handler(request, reply) {
      const token = refreshTransport.read(request, request.body?.refresh);
      if (!token) throw new TokenNotValid();
      const pair = await services.sessions.refresh(token, { ip: request.ip, userAgent: request.headers["user-agent"] ?? "" });
      return refreshTransport.deliver(reply, pair);
    },
  });
};
