// The signed-in user's factors: GET mfa/authenticators/ (never a secret), and the two actions a
// thief with a borrowed access token would want, both behind step-up: POST mfa/recovery-codes/
// (a new set) and POST mfa/deactivate/.
import { addRoute, type RouteModule } from "../../../runtime/routes/context.js";
import { bearerSecurity, detailSchema, errorResponses } from "../../../runtime/routes/schemas.js";
import { MfaNotSetUp, MfaRequired } from "../errors.js";
import { issueRecoveryCodes } from "../issue-recovery-codes.js";
import type { MfaServices } from "../services.js";
import { recoveryCodesSchema } from "./schemas.js";

const dateTime = { type: "string", format: "date-time", nullable: true } as const;

export function manageRoutes(mfa: MfaServices): RouteModule {
  const { settings, authenticators, recoveryCodes, core } = mfa;
  return (app, { authenticate, requireRecentAuth }) => {
    const activeOrThrow = async (userId: string) => {
      const authenticator = await authenticators.findAuthenticator(userId);
      if (!authenticator?.activatedAt) throw new MfaNotSetUp();
      return authenticator;
    };

    addRoute(app, {
      method: "GET",
      url: "/mfa/authenticators/",
      preHandler: authenticate,
      schema: {
        tags: ["mfa"],
        summary: "The user's active second factors (type, created, last used; never secrets)",
        security: bearerSecurity,
        response: {
          200: {
            type: "object",
            properties: {
              authenticators: {
                type: "array",
                items: {
                  type: "object",
                  properties: { type: { type: "string", enum: ["totp", "recovery_codes"] }, createdAt: dateTime, lastUsedAt: dateTime, remaining: { type: "integer" } },
                  required: ["type", "createdAt", "lastUsedAt"],
                },
              },
            },
            required: ["authenticators"],
          },
          ...errorResponses,
        },
      },
      async handler(request) {
        const { userId } = request.auth!;
        const authenticator = await authenticators.findAuthenticator(userId);
        if (!authenticator?.activatedAt) return { authenticators: [] };
        const codes = await recoveryCodes.summarizeRecoveryCodes(userId);
        return {
          authenticators: [
            { type: "totp", createdAt: authenticator.activatedAt, lastUsedAt: authenticator.lastUsedAt },
            { type: "recovery_codes", ...codes },
          ],
        };
      },
    });

    addRoute(app, {
      method: "POST",
      url: "/mfa/recovery-codes/",
      preHandler: [authenticate, requireRecentAuth],
      schema: { tags: ["mfa"], summary: "Replace the recovery codes (step-up); the old ones stop working", security: bearerSecurity, response: { 200: recoveryCodesSchema, ...errorResponses } },
      async handler(request) {
        const { userId, sessionId } = request.auth!;
        await activeOrThrow(userId);
        const codes = await issueRecoveryCodes(mfa, userId);
        await core.recordAuditEvent({ type: "mfa.recovery_codes_regenerated", userId, sessionId, ip: request.ip });
        return { recoveryCodes: codes };
      },
    });

    addRoute(app, {
      method: "POST",
      url: "/mfa/deactivate/",
      preHandler: [authenticate, requireRecentAuth],
      schema: { tags: ["mfa"], summary: "Turn the second factor off (step-up); its recovery codes go too", security: bearerSecurity, response: { 200: detailSchema, ...errorResponses } },
      async handler(request) {
        const { userId, sessionId } = request.auth!;
        if (settings.mode === "required") throw new MfaRequired();
        await activeOrThrow(userId);
        await authenticators.deleteAuthenticator(userId);
        await recoveryCodes.deleteRecoveryCodes(userId);
        await core.recordAuditEvent({ type: "mfa.deactivated", userId, sessionId, ip: request.ip });
        return { detail: "Multi-factor authentication is off." };
      },
    });
  };
}
