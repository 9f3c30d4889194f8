// Password reset: request a link (the same answer for every address), the default HTML form the
// link opens (GET never uses the token: mail scanners open links), and the confirmation that sets
// the password, uses the token once and ends every session of the user.
import { readEmail } from "../email-address.js";
import { LINK_ERRORS } from "../errors.js";
import { replyWithPage, shippedPages } from "../mail/pages.js";
import { createOneTimeTokens } from "../one-time-tokens.js";
import { MIN_PASSWORD_LENGTH } from "../passwords.js";
import { addRoute, type RouteModule } from "./context.js";
import { detailSchema, emailField, errorResponses, htmlPage, passwordField, tokenField } from "./schemas.js";

export const RESET_SENT = "If an account uses this address, a password reset email is on its way.";
export const PASSWORD_RESET = "Your password has been reset. Every session was signed out.";

export const passwordResetRoutes: RouteModule = (app, { services, limits }) => {
  const { store, clock, emails, passwords, sessions } = services;
  const tokens = createOneTimeTokens(store, clock);
  const pages = shippedPages();

  addRoute<{ Body: { email: string } }>(app, {
    method: "POST",
    url: "/password/reset/",
    onRequest: limits.perIp("passwordReset"),
    // Also per address: many IPs must not be able to flood one inbox.
    preHandler: limits.perKey("passwordReset", (request) => readEmail((request.body as { email: string }).email)),
    schema: {
      tags: ["password reset"],
      summary: "Email a password reset link (the same answer whether or not the account exists)",
      body: { type: "object", properties: { email: emailField }, required: ["email"] },
      response: { 200: detailSchema, ...errorResponses },
    },
    async handler(request) {
      // The same single lookup for every address; token, rendering and SMTP run after the answer
      // (see AccountEmails), so neither the answer nor its timing tells whether the account exists.
      const user = await store.findUserByEmail(readEmail(request.body.email));
      if (user?.isActive) await emails.sendPasswordReset(user);
      return { detail: RESET_SENT };
    },
  });

  addRoute<{ Querystring: { token?: string } }>(app, {
    method: "GET",
    url: "/password/reset/default/",
    schema: {
      tags: ["password reset"],
      summary: "The default password reset form the emailed link opens (?token=...); showing it does not use the token",
      description: "A link that was used, has expired or is not valid gets a page that says so at once and offers to email a new one.",
      // Any string: a mangled link gets the page that explains it, not a JSON error.
      querystring: { type: "object", properties: { token: { type: "string", maxLength: 4096 } } },
      response: {
        200: htmlPage("The form that sets a new password"),
        400: htmlPage("The link was used, has expired or is not valid: a page that says so and emails a new one"),
      },
    },
    async handler(request, reply) {
      // Relative to the page's own URL (with or without its trailing slash), so the page also
      // works when a proxy serves the API under a path prefix.
      const here = request.url.split("?")[0]!.endsWith("/") ? "../" : "";
      const { token } = request.query;
      // Read-only: mail scanners open links, and opening one must never use it up.
      const state = token ? await tokens.inspect(token, "password_reset") : "invalid";
      if (state !== "usable") {
        return replyWithPage(reply, 400, (nonce) => pages.resetLinkInvalid(nonce, state, here === "" ? "./" : "../"));
      }
      const form = { confirmUrl: `${here}confirm/`, minLength: MIN_PASSWORD_LENGTH };
      return replyWithPage(reply, 200, (nonce) => pages.passwordResetForm(nonce, form));
    },
  });

  addRoute<{ Body: { token: string; newPassword: string } }>(app, {
    method: "POST",
    url: "/password/reset/confirm/",
    schema: {
      tags: ["password reset"],
      summary: "Set a new password with the token from the emailed link; ends every session",
      body: { type: "object", properties: { token: tokenField, newPassword: passwordField }, required: ["token", "newPassword"] },
      response: { 200: detailSchema, ...errorResponses },
    },
    async handler(request) {
      const { token, newPassword } = request.body;
      // Before the token is used, so a refused password leaves the link working for a second try.
      passwords.checkPolicy(newPassword, "newPassword");
      const result = await tokens.consume(token, "password_reset");
      if (result.status !== "consumed") throw new LINK_ERRORS[result.status]("token");
      const { userId } = result;
      await store.updatePasswordHash(userId, await passwords.hash(newPassword));
      await sessions.endAll(userId, "password_reset");
      // The link arrived in this inbox, which proves the address as well as a verification link would.
      await store.markEmailVerified(userId);
      await store.recordAuditEvent({ type: "password_reset", userId, ip: request.ip, userAgent: request.headers["user-agent"] ?? null });
      return { detail: PASSWORD_RESET };
    },
  });
};
