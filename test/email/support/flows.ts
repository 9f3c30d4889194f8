// Small steps the email flow tests share: register, log in, read a token's claims.
import type { FastifyInstance } from "fastify";

export const PUBLIC_URL = "https://auth.acme.test";
export const PASSWORD = "correct horse battery staple";

export async function register(app: FastifyInstance, email: string, headers: Record<string, string> = {}) {
  return app.inject({ method: "POST", url: "/jwt-allauth/registration/", headers, payload: { email, password: PASSWORD, firstName: "Ada" } });
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD) {
  return app.inject({ method: "POST", url: "/jwt-allauth/login/", payload: { email, password } });
}

/** The claims of a JWT (its signature is the runtime's business, tested elsewhere). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The path and query of an absolute link, to follow it with inject. */
export function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}
