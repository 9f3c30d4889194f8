// POST /login/. Unknown email and wrong password give the same answer after the same work (a
// dummy argon2 verification), so neither the body nor the timing reveals which accounts exist.
import { readEmail } from "../email-address.js";
import { AccountInactive, EmailNotVerified, InvalidCredentials } from "../errors.js";
import { addRoute, type RouteModule } from "./context.js";
import { emailField, errorResponses, passwordField, tokensWithUserSchema } from "./schemas.js";

interface LoginBody {
  email: string;
  password: string;
}

export const loginRoutes: RouteModule = (app, { services, limits, signIn }) => {
  const { settings, store, passwords } = services;

  addRoute<{ Body: LoginBody }>(app, {
    method: "POST",
    url: "/login/",
    onRequest: limits.perIp("login"),
    preHandler: limits.perKey("loginAccount", (request) => readEmail((request.body as LoginBody).email)),
    schema: {
      tags: ["auth"],
      summary: "Log in with email and password",
      body: { type: "object", properties: { email: emailField, password: passwordField }, required: ["email", "password"] },
      response: { 200: signIn.answerSchema(tokensWithUserSchema), ...errorResponses },
    },
    async handler(request, reply) {
      const { password } = request.body;
      const user = await store.findUserByEmail(readEmail(request.body.email));
      if (!user) {
        await passwords.verifyDummy(password);
        throw new InvalidCredentials();
      }
      if (!(await passwords.verify(user.passwordHash, password))) throw new InvalidCredentials();
      // Checked after the password, so these answers tell nothing to someone without it.
      if (!user.isActive) throw new AccountInactive();
      if (settings.email.verification === "mandatory" && !user.emailVerified) throw new EmailNotVerified();
      if (passwords.needsRehash(user.passwordHash)) await store.updatePasswordHash(user.id, await passwords.hash(password));
      return signIn.afterFirstFactor(request, reply, user, "password");
    },
  });
};
