// POST /reauthenticate/ (step-up): the user proves who they are again (the password, or a way a
// feature adds, such as an MFA code) and gets a fresh access token for the same session, whose
// auth_time lets sensitive actions through for REAUTHENTICATION_MAX_AGE.
import { TokenNotValid } from "../errors.js";
import { passwordReauthenticator } from "../reauthenticator.js";
import { addRoute, type RouteModule } from "./context.js";
import { bearerSecurity, errorResponses, passwordField } from "./schemas.js";

export const reauthenticateRoutes: RouteModule = (app, { services, authenticate, limits, reauthenticators }) => {
  const { store, sessions, passwords } = services;
  const methods = [passwordReauthenticator(passwords, passwordField), ...reauthenticators];

  addRoute<{ Body: Record<string, string> }>(app, {
    method: "POST",
    url: "/reauthenticate/",
    onRequest: limits.perIp("reauthenticate"),
    // Per account too: a stolen access token must not become a password-guessing oracle; past the
    // limit its session ends, as for password change.
    preHandler: [
      authenticate,
      limits.perKey("reauthenticate", (request) => request.auth!.userId, (request) => sessions.end(request.auth!.sessionId, "password_guessing")),
    ],
    schema: {
      tags: ["auth"],
      summary: `Prove your identity again (${methods.map((method) => method.field).join(" or ")}) for a fresh access token`,
      description: "Sensitive actions answer 401 reauthentication_required when the last login or reauthentication is older than REAUTHENTICATION_MAX_AGE.",
      security: bearerSecurity,
      body: {
        type: "object",
        properties: Object.fromEntries(methods.map((method) => [method.field, method.schema])),
        // Exactly one proof: unknown fields are dropped first, so {} and {password, code} fail here.
        additionalProperties: false,
        oneOf: methods.map((method) => ({ required: [method.field] })),
      },
      response: { 200: { type: "object", properties: { access: { type: "string" } }, required: ["access"] }, ...errorResponses },
    },
    async handler(request) {
      const { userId, sessionId } = request.auth!;
      const user = await store.findUserById(userId);
      if (!user?.isActive) throw new TokenNotValid();
      const [field, value] = Object.entries(request.body)[0]!;
      await methods.find((method) => method.field === field)!.verify(user, value, request);
      const access = await sessions.reauthenticate({ userId, sessionId, emailVerified: user.emailVerified });
      await store.recordAuditEvent({ type: "reauthenticated", userId, sessionId, ip: request.ip, detail: { method: field } });
      return { access };
    },
  });
};
