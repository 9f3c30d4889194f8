// POST /registration/. With mandatory verification the answer never says whether the email was
// taken (the owner of a taken address gets an email instead); otherwise tokens are handed out at
// once, and a taken email has to be reported.
import { readEmail } from "../email-address.js";
import { EmailTaken } from "../errors.js";
import { addRoute, type RouteModule } from "./context.js";
import { detailSchema, emailField, errorResponses, nameField, passwordField, tokensWithUserSchema } from "./schemas.js";

interface RegistrationBody {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
}

export const VERIFICATION_SENT = "Verification e-mail sent.";

export const registrationRoutes: RouteModule = (app, { services, limits, signIn }) => {
  const { settings, store, passwords, emails } = services;
  const mandatory = settings.email.verification === "mandatory";
  const emailBudget = limits.budget("registrationEmail", (request) => readEmail((request.body as RegistrationBody).email));

  addRoute<{ Body: RegistrationBody }>(app, {
    method: "POST",
    url: "/registration/",
    onRequest: limits.perIp("registration"),
    schema: {
      tags: ["auth"],
      summary: mandatory ? "Create an account; a verification email is sent" : "Create an account and log in",
      body: {
        type: "object",
        properties: { email: emailField, password: passwordField, firstName: nameField, lastName: nameField },
        required: ["email", "password"],
      },
      response: { 201: mandatory ? detailSchema : signIn.answerSchema(tokensWithUserSchema), ...errorResponses },
    },
    async handler(request, reply) {
      const { password, firstName = "", lastName = "" } = request.body;
      const email = readEmail(request.body.email);
      passwords.checkPolicy(password, "password");
      // Hashed before we know whether the email is taken: both outcomes cost the same time.
      const passwordHash = await passwords.hash(password);
      const user = await store.createUser({ email, passwordHash, firstName, lastName });
      reply.code(201);
      if (mandatory) {
        // Counted for new and taken addresses alike, so the check (a Redis round trip with
        // REDIS_URL) costs the same either way; over the budget the email is silently skipped.
        if (await emailBudget(request)) await (user ? emails.sendVerification(user) : emails.sendAccountExists(email));
        return { detail: VERIFICATION_SENT };
      }
      if (!user) throw new EmailTaken();
      if (settings.email.verification === "optional") await emails.sendVerification(user);
      return signIn.afterFirstFactor(request, reply, user, "registration");
    },
  });
};
