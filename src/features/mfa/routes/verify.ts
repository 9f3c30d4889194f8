// POST mfa/verify/ and mfa/verify-recovery/: the second step of a challenged login. The mfaToken
// names a live login challenge (one attempt counted per call); the code is checked once, under the
// account's lockout; then the challenge is spent and the usual tokens are answered.
import type { FastifyReply, FastifyRequest } from "fastify";
import { AccountInactive, TokenNotValid } from "../../../runtime/errors.js";
import { addRoute, type RouteModule } from "../../../runtime/routes/context.js";
import { errorResponses, tokensWithUserSchema } from "../../../runtime/routes/schemas.js";
import type { MfaServices } from "../services.js";
import { codeField, mfaTokenField, recoveryCodeField } from "./schemas.js";

export function verifyRoutes(mfa: MfaServices): RouteModule {
  const { challenges, secondFactor, core, clock } = mfa;
  return (app, { limits, signIn }) => {
    const finish = async (request: FastifyRequest, reply: FastifyReply, mfaToken: string, check: (userId: string) => Promise<void>) => {
      const challenge = await challenges.attempt(mfaToken, "login", clock.now());
      await check(challenge.userId);
      // Two requests with one mfaToken and two good codes: only one opens a session.
      await challenges.spend(challenge, clock.now());
      const user = await core.findUserById(challenge.userId);
      if (!user) throw new TokenNotValid();
      if (!user.isActive) throw new AccountInactive();
      return signIn.finish(request, reply, user);
    };

    addRoute<{ Body: { mfaToken: string; code: string } }>(app, {
      method: "POST",
      url: "/mfa/verify/",
      onRequest: limits.perIp("login"),
      schema: {
        tags: ["mfa"],
        summary: "Finish a challenged login with the authenticator app's code",
        body: { type: "object", properties: { mfaToken: mfaTokenField, code: codeField }, required: ["mfaToken", "code"] },
        response: { 200: tokensWithUserSchema, ...errorResponses },
      },
      handler: (request, reply) =>
        finish(request, reply, request.body.mfaToken, (userId) => secondFactor.checkTotp({ userId, code: request.body.code, field: "code", request })),
    });

    addRoute<{ Body: { mfaToken: string; recoveryCode: string } }>(app, {
      method: "POST",
      url: "/mfa/verify-recovery/",
      onRequest: limits.perIp("login"),
      schema: {
        tags: ["mfa"],
        summary: "Finish a challenged login with a recovery code (each works once)",
        body: { type: "object", properties: { mfaToken: mfaTokenField, recoveryCode: recoveryCodeField }, required: ["mfaToken", "recoveryCode"] },
        response: { 200: tokensWithUserSchema, ...errorResponses },
      },
      handler: (request, reply) =>
        finish(request, reply, request.body.mfaToken, (userId) =>
          secondFactor.checkRecoveryCode({ userId, code: request.body.recoveryCode, field: "recoveryCode", request }),
        ),
    });
  };
}
