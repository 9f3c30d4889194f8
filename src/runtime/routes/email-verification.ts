// Email verification: the emailed link (GET, ends on a page or EMAIL_VERIFIED_REDIRECT), the same
// in JSON for SPAs and mobile apps, and resending the email. Resend answers the same for unknown,
// verified and unverified addresses, so it reveals no accounts.
import { readEmail } from "../email-address.js";
import { LINK_ERRORS } from "../errors.js";
import { replyWithPage, shippedPages, type InvalidLinkReason } from "../mail/pages.js";
import { createOneTimeTokens, ONE_TIME_TOKEN_PATTERN } from "../one-time-tokens.js";
import { addRoute, type RouteModule } from "./context.js";
import { AUTH_PATH } from "./refresh-transport.js";
import { detailSchema, emailField, errorResponses, htmlPage, tokenField } from "./schemas.js";

export const EMAIL_VERIFIED = "Email address verified.";
export const VERIFICATION_RESENT = "If this address has an unverified account, a new verification email is on its way.";
/** The default landing page after a successful verification (a separate URL, so a reload does not re-use the key). */
export const VERIFIED_PAGE_PATH = "/registration/verified/";

const TOKEN_SHAPE = new RegExp(ONE_TIME_TOKEN_PATTERN);

export const emailVerificationRoutes: RouteModule = (app, { services, limits }) => {
  const { settings, store, clock, emails, sessions } = services;
  const tokens = createOneTimeTokens(store, clock);
  const pages = shippedPages();

  const verify = async (key: string): Promise<"verified" | InvalidLinkReason> => {
    // A mangled link (cut by a mail client) is answered without a database query.
    if (!TOKEN_SHAPE.test(key)) return "invalid";
    const result = await tokens.consume(key, "email_verification");
    if (result.status === "consumed") {
      // Pre-account takeover: whoever registered this address first may have been an attacker
      // holding a session (optional mode); the first verification proves the mailbox, so every
      // session opened before it ends. Later clicks end nothing.
      if (await store.markEmailVerified(result.userId)) await sessions.endAll(result.userId, "email_verified");
      return "verified";
    }
    // Link checkers in mail systems open links before the user does. When that click already
    // verified the address, the user's own click is a success too, not "already used".
    if (result.status === "used" && (await store.findUserById(result.userId))?.emailVerified) return "verified";
    return result.status;
  };

  // Never a 5xx for a bad link: a page says why, or EMAIL_VERIFIED_REDIRECT gets ?error=invalid|used|expired.
  addRoute<{ Params: { key: string } }>(app, {
    method: "GET",
    url: "/registration/verification/:key/",
    schema: {
      tags: ["email verification"],
      summary: "Verify an email address from the emailed link, then redirect to EMAIL_VERIFIED_REDIRECT or a default page",
      params: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
      response: {
        302: { description: "Verified (or, with EMAIL_VERIFIED_REDIRECT, not: ?error=invalid|used|expired): a redirect to the page to show" },
        400: htmlPage("The link was used, has expired or is not valid: a page that says which"),
      },
    },
    async handler(request, reply) {
      const outcome = await verify(request.params.key);
      const redirect = settings.email.verifiedRedirect;
      if (outcome === "verified") return reply.redirect(redirect ?? `${settings.publicUrl}${AUTH_PATH}${VERIFIED_PAGE_PATH}`, 302);
      if (redirect) return reply.redirect(withParameter(redirect, "error", outcome), 302);
      return replyWithPage(reply, 400, (nonce) => pages.linkInvalid(nonce, outcome));
    },
  });

  addRoute(app, {
    method: "GET",
    url: VERIFIED_PAGE_PATH,
    schema: {
      tags: ["email verification"],
      summary: "The default page shown after a successful verification",
      response: { 200: htmlPage("The confirmation page") },
    },
    async handler(_request, reply) {
      return replyWithPage(reply, 200, (nonce) => pages.emailVerified(nonce));
    },
  });

  addRoute<{ Body: { key: string } }>(app, {
    method: "POST",
    url: "/registration/verification/",
    schema: {
      tags: ["email verification"],
      summary: "Verify an email address with the key from the emailed link",
      body: { type: "object", properties: { key: tokenField }, required: ["key"] },
      response: { 200: detailSchema, ...errorResponses },
    },
    async handler(request) {
      const outcome = await verify(request.body.key);
      if (outcome !== "verified") throw new LINK_ERRORS[outcome]("key");
      return { detail: EMAIL_VERIFIED };
    },
  });

  addRoute<{ Body: { email: string } }>(app, {
    method: "POST",
    url: "/registration/resend-verification/",
    onRequest: limits.perIp("resendVerification"),
    // Also per address: many IPs must not be able to flood one inbox.
    preHandler: limits.perKey("resendVerification", (request) => readEmail((request.body as { email: string }).email)),
    schema: {
      tags: ["email verification"],
      summary: "Send a new verification email (the same answer whether or not the account exists)",
      body: { type: "object", properties: { email: emailField }, required: ["email"] },
      response: { 200: detailSchema, ...errorResponses },
    },
    async handler(request) {
      const user = await store.findUserByEmail(readEmail(request.body.email));
      // Sending happens after the answer (see AccountEmails), so both branches answer equally fast.
      if (settings.email.verification !== "none" && user?.isActive && !user.emailVerified) await emails.sendVerification(user);
      return { detail: VERIFICATION_RESENT };
    },
  });
};

/** Adds one query parameter to a configured URL, keeping the ones it already has. */
function withParameter(target: string, name: string, value: string): string {
  const url = new URL(target);
  url.searchParams.set(name, value);
  return url.toString();
}
