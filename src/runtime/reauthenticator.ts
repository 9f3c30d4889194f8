// One way to prove identity again for POST /reauthenticate/ (step-up): the core's is the password;
// a feature adds its own (MFA: a TOTP or recovery code) through FeatureContributions.
import type { FastifyRequest } from "fastify";
import { WrongPassword } from "./errors.js";
import type { Passwords } from "./passwords.js";
import type { UserRecord } from "./store/index.js";

export interface Reauthenticator {
  /** The body field carrying the proof ("password", "code"); a request sends exactly one. */
  field: string;
  /** Its JSON schema (validation and OpenAPI). */
  schema: Record<string, unknown>;
  /** Resolves when `value` proves the user; otherwise throws the error to answer (a 400 naming the field, a 429). */
  verify(user: UserRecord, value: string, request: FastifyRequest): Promise<void>;
}

export function passwordReauthenticator(passwords: Passwords, schema: Record<string, unknown>): Reauthenticator {
  return {
    field: "password",
    schema,
    async verify(user, value) {
      if (!(await passwords.verify(user.passwordHash, value))) throw new WrongPassword("password");
    },
  };
}
