// Helpers for the mfa feature's HTTP tests: an app with the feature on a real database, a
// controlled clock (only Date is faked), and a user enrolled through the routes.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { vi } from "vitest";
import { bearer, login, signUp } from "../../runtime/support/app.js";
import { codeAt } from "./totp.js";

export const MFA_ENV = { JWT_ALLAUTH_FEATURES: "mfa", MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
export const STEP_MS = 30_000;

let clock = Date.parse("2031-06-01T08:00:00Z");
/** Sets the (faked) time; each call without an argument moves a step past the last one, so codes never collide across tests. */
export function tick(ms = STEP_MS * 3): Date {
  clock += ms;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(clock));
  return new Date(clock);
}

export const post = (app: FastifyInstance, url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: `/jwt-allauth/${url}`, payload, headers });

export interface Enrolled {
  email: string;
  userId: string;
  access: string;
  secret: string;
  recoveryCodes: string[];
}

/** Signs up and enrols through setup/ and activate/ with a code computed from the secret. */
export async function enrol(app: FastifyInstance): Promise<Enrolled> {
  tick();
  const user = await signUp(app);
  const setup = await post(app, "mfa/setup/", {}, bearer(user.access));
  if (setup.statusCode !== 200) throw new Error(`setup: ${setup.body}`);
  const { secret } = setup.json();
  const activated = await post(app, "mfa/activate/", { code: codeAt(secret, new Date()) }, bearer(user.access));
  if (activated.statusCode !== 200) throw new Error(`activate: ${activated.body}`);
  tick(); // the activation code is spent: later codes come from a later step
  return { ...user, secret, recoveryCodes: activated.json().recoveryCodes };
}

/** Logs in with the password; returns the challenge's mfaToken. */
export async function challenge(app: FastifyInstance, email: string): Promise<string> {
  const response = await login(app, email);
  if (response.statusCode !== 200 || !response.json().mfaToken) throw new Error(`login: ${response.body}`);
  return response.json().mfaToken;
}
