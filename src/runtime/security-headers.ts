// The security headers of every response, computed once at registration: one header object copied
// onto each reply by a single hook, instead of @fastify/helmet's chain of a dozen middlewares per
// request (it cut /health to a third of a bare route). Pages that need scripts (the reset form,
// /docs) replace the Content-Security-Policy with their own, nonce- or hash-based one.
import type { FastifyPluginCallback } from "fastify";
import fp from "fastify-plugin";

export interface SecurityHeadersOptions {
  /**
   * The site is served over https (PUBLIC_URL is https). Only then are HSTS and CSP's
   * upgrade-insecure-requests sent: over plain http on localhost they make Safari refuse the site.
   */
  https: boolean;
}

/** A JSON API loads nothing and is framed by no one. */
const API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function securityHeaderValues({ https }: SecurityHeadersOptions): Readonly<Record<string, string>> {
  return Object.freeze({
    "content-security-policy": https ? `${API_CSP}; upgrade-insecure-requests` : API_CSP,
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "origin-agent-cluster": "?1",
    // Tokens in a reset link's URL must not leak to other sites through Referer.
    "referrer-policy": "no-referrer",
    ...(https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
    // A JSON body must never be sniffed into HTML or script.
    "x-content-type-options": "nosniff",
    "x-dns-prefetch-control": "off",
    "x-download-options": "noopen",
    // Clickjacking, for browsers that ignore frame-ancestors.
    "x-frame-options": "DENY",
    "x-permitted-cross-domain-policies": "none",
    // The old XSS auditor opened leaks of its own; helmet and OWASP turn it off.
    "x-xss-protection": "0",
  });
}

/** For @fastify/swagger-ui's transformStaticCSP: its CSP minus upgrade-insecure-requests over http. */
export function dropHttpsUpgrade(csp: string): string {
  return csp.replace(/\s*upgrade-insecure-requests;?/, "").trim();
}

const plugin: FastifyPluginCallback<SecurityHeadersOptions> = (app, options, done) => {
  const headers = securityHeaderValues(options);
  app.addHook("onRequest", (_request, reply, next) => {
    reply.headers(headers);
    next();
  });
  done();
};

/** Registered at the root of the app (fastify-plugin), so every route, 404 and error gets them. */
export const securityHeaders = fp(plugin, { fastify: "5.x", name: "jwt-allauth-security-headers" });
