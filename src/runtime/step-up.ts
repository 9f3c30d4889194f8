// Step-up: a sensitive action (password change, turning MFA off, new recovery codes) needs a proof
// of identity younger than REAUTHENTICATION_MAX_AGE, not just a valid access token. A stolen access
// token, or a device left unlocked, then cannot lock the owner out or strip the second factor.
import type { preHandlerHookHandler } from "fastify";
import type { Clock } from "./clock.js";
import { ReauthenticationRequired, TokenNotValid } from "./errors.js";

/** A preHandler to list after `authenticate`: 401 reauthentication_required when auth_time is too old. */
export function createRequireRecentAuth(maxAgeMs: number, clock: Clock): preHandlerHookHandler {
  return function requireRecentAuth(request, _reply, done) {
    if (!request.auth) return done(new TokenNotValid());
    const ageMs = clock.now().getTime() - request.auth.authTime * 1000;
    done(ageMs > maxAgeMs ? new ReauthenticationRequired() : undefined);
  };
}
