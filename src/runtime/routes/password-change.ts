// POST /password/change/: a changed password ends every session, since one of them may be the
// attacker's that prompted the change; this device gets a fresh session and tokens.
import { readDevice } from "../device.js";
import { TokenNotValid, WrongPassword } from "../errors.js";
import { addRoute, type RouteModule } from "./context.js";
import { bearerSecurity, errorResponses, passwordField, tokenPairSchema } from "./schemas.js";

export const passwordChangeRoutes: RouteModule = (app, { services, authenticate, requireRecentAuth, limits, refreshTransport }) => {
  const { store, passwords, sessions } = services;

  addRoute<{ Body: { oldPassword: string; newPassword: string } }>(app, {
    method: "POST",
    url: "/password/change/",
    onRequest: limits.perIp("passwordChange"),
    // Step-up first: a stolen access token alone must not be able to lock the owner out. Then per
    // account: a token holder guessing the password from many addresses ends the session, so they
    // have to log in (with the password).
    preHandler: [
      authenticate,
      requireRecentAuth,
      limits.perKey("passwordChangeAccount", (request) => request.auth!.userId, (request) => sessions.end(request.auth!.sessionId, "password_guessing")),
    ],
    schema: {
      tags: ["auth"],
      summary: "Change the password; ends the other sessions and returns fresh tokens",
      security: bearerSecurity,
      body: {
        type: "object",
        properties: { oldPassword: passwordField, newPassword: passwordField },
        required: ["oldPassword", "newPassword"],
      },
      response: {
        200: { type: "object", properties: { detail: { type: "string" }, ...tokenPairSchema.properties }, required: ["detail", "access"] },
        ...errorResponses,
      },
    },
    async handler(request, reply) {
      const { userId, sessionId } = request.auth!;
      const { oldPassword, newPassword } = request.body;
      const user = await store.findUserById(userId);
      if (!user?.isActive) throw new TokenNotValid();
      if (!(await passwords.verify(user.passwordHash, oldPassword))) throw new WrongPassword("oldPassword");
      passwords.checkPolicy(newPassword, "newPassword");
      await store.updatePasswordHash(userId, await passwords.hash(newPassword));
      await sessions.endAll(userId, "password_changed");
      // A reset link mailed before the change (perhaps to an attacker reading the mailbox)
      // must not be able to undo it.
      await store.deleteOneTimeTokens({ userId, purpose: "password_reset" });
      await store.recordAuditEvent({ type: "password_changed", userId, sessionId, ip: request.ip });
      const pair = await sessions.start(user, readDevice(request));
      return { detail: "New password has been saved.", ...refreshTransport.deliver(reply, pair) };
    },
  });
};
