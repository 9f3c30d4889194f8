import { randomBytes } from "node:crypto";
import type { FastifyReply } from "fastify";
import { compileTemplateFile, SHIPPED_PAGE_TEMPLATES, type RenderTemplate } from "./template-files.js";

export type InvalidLinkReason = "invalid" | "used" | "expired";

/** The HTML pages that email links land on (shipped with the package, compiled at boot). */
export interface Pages {
  emailVerified(nonce: string): string;
  linkInvalid(nonce: string, reason: InvalidLinkReason): string;
  passwordResetForm(nonce: string, form: { confirmUrl: string; minLength: number }): string;
  /** A reset link that cannot work, with a form that posts {email} to `requestUrl` for a new one. */
  resetLinkInvalid(nonce: string, reason: InvalidLinkReason, requestUrl: string): string;
}

export function loadPages(): Pages {
  const compile = (name: string): RenderTemplate =>
    compileTemplateFile(`${SHIPPED_PAGE_TEMPLATES}${name}.html.ejs`, { escapeHtml: true, includeDir: SHIPPED_PAGE_TEMPLATES, label: "" });
  const emailVerified = compile("email-verified");
  const linkInvalid = compile("link-invalid");
  const passwordResetForm = compile("password-reset");
  const resetLinkInvalid = compile("reset-link-invalid");
  return {
    emailVerified: (nonce) => emailVerified({ nonce }),
    linkInvalid: (nonce, reason) => linkInvalid({ nonce, reason }),
    passwordResetForm: (nonce, form) => passwordResetForm({ nonce, ...form }),
    resetLinkInvalid: (nonce, reason, requestUrl) => resetLinkInvalid({ nonce, reason, requestUrl }),
  };
}

/**
 * Sends a page under a strict Content-Security-Policy: only the inline style and script that
 * carry this response's nonce run, so injected markup cannot execute, and the page cannot be
 * framed (clickjacking the reset form). no-referrer and no-store keep the token of a reset link
 * out of Referer headers and caches.
 */
export function replyWithPage(reply: FastifyReply, statusCode: number, render: (nonce: string) => string): FastifyReply {
  const nonce = randomBytes(16).toString("base64");
  return reply
    .code(statusCode)
    .header(
      "content-security-policy",
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; ` +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .type("text/html; charset=utf-8")
    .send(render(nonce));
}

let shipped: Pages | undefined;

/** The pages compiled once per process: they are package files and never change at run time. */
export function shippedPages(): Pages {
  shipped ??= loadPages();
  return shipped;
}
