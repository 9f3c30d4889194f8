// POST mfa/setup/ (a new secret, pending until activated) and POST mfa/activate/ (a first code
// proves the app holds it; answers the recovery codes, once).
import { TokenNotValid } from "../../../runtime/errors.js";
import { addRoute, type RouteModule } from "../../../runtime/routes/context.js";
import { bearerSecurity, errorResponses, tokensWithUserSchema } from "../../../runtime/routes/schemas.js";
import type { MfaAuditEvent } from "../audit-events.js";
import { MfaAlreadyActive, MfaOff } from "../errors.js";
import { issueRecoveryCodes } from "../issue-recovery-codes.js";
import type { MfaServices } from "../services.js";
import { newTotpSecret, otpauthUri, qrSvg } from "../totp.js";
import { createEnrolmentAuth } from "./enrolment-auth.js";
import { codeField, recoveryCodesSchema } from "./schemas.js";

export function setupRoutes(mfa: MfaServices): RouteModule {
  const { settings, authenticators, challenges, secondFactor, box, core, clock } = mfa;
  return (app, { authenticate, limits, signIn }) => {
    const auth = createEnrolmentAuth(mfa, authenticate);
    const audit = (type: MfaAuditEvent, userId: string, ip: string) => core.recordAuditEvent({ type, userId, ip });

    addRoute(app, {
      method: "POST",
      url: "/mfa/setup/",
      onRequest: limits.perIp("login"),
      preHandler: auth.preHandler,
      schema: {
        tags: ["mfa"],
        summary: "Start TOTP enrolment: a new secret, its otpauth:// URI and QR code (pending until activated)",
        security: bearerSecurity,
        response: {
          200: {
            type: "object",
            properties: { secret: { type: "string" }, otpauthUri: { type: "string" }, qrSvg: { type: "string" } },
            required: ["secret", "otpauthUri", "qrSvg"],
          },
          ...errorResponses,
        },
      },
      async handler(request) {
        if (settings.mode === "off") throw new MfaOff();
        const { userId } = auth.enrolling(request);
        const user = await core.findUserById(userId);
        if (!user?.isActive) throw new TokenNotValid();
        const secret = newTotpSecret();
        // Never replaces an active authenticator: that would strip the factor without step-up.
        if (!(await authenticators.savePending(userId, box.seal(secret, userId), clock.now()))) throw new MfaAlreadyActive();
        await audit("mfa.setup", userId, request.ip);
        const uri = otpauthUri(secret, settings.issuer, user.email);
        return { secret, otpauthUri: uri, qrSvg: await qrSvg(uri) };
      },
    });

    addRoute<{ Body: { code: string } }>(app, {
      method: "POST",
      url: "/mfa/activate/",
      onRequest: limits.perIp("login"),
      preHandler: auth.preHandler,
      schema: {
        tags: ["mfa"],
        summary: "Activate the pending authenticator with a code; answers the recovery codes (once), and tokens when a setup-only mfaToken was used",
        security: bearerSecurity,
        body: { type: "object", properties: { code: codeField }, required: ["code"] },
        response: {
          200: { type: "object", properties: { ...recoveryCodesSchema.properties, ...tokensWithUserSchema.properties }, required: ["recoveryCodes"] },
          ...errorResponses,
        },
      },
      async handler(request, reply) {
        if (settings.mode === "off") throw new MfaOff();
        const { userId, challenge } = auth.enrolling(request);
        await secondFactor.checkTotp({ userId, code: request.body.code, field: "code", request }, true);
        const recoveryCodes = await issueRecoveryCodes(mfa, userId);
        await audit("mfa.activated", userId, request.ip);
        if (!challenge) return { recoveryCodes };
        await challenges.spend(challenge, clock.now());
        const user = await core.findUserById(userId);
        if (!user?.isActive) throw new TokenNotValid();
        return { recoveryCodes, ...(await signIn.finish(request, reply, user)) };
      },
    });
  };
}
