// The mfa feature's errors, in the core's catalogue style: stable lowercase codes, %s names the field.
import { defineError } from "../../runtime/errors.js";

export const MfaCodeInvalid = defineError("mfa_code_invalid", "%s: the code is not valid, or was already used", 400);
export const MfaNotSetUp = defineError("mfa_not_set_up", "No authenticator is set up: POST /jwt-allauth/mfa/setup/ first", 400);
export const MfaAlreadyActive = defineError("mfa_already_active", "An authenticator is already active: deactivate it first", 409);
export const MfaOff = defineError("mfa_off", "Multi-factor authentication is turned off on this server (MFA_MODE=off)", 403);
export const MfaRequired = defineError("mfa_required", "This server requires a second factor (MFA_MODE=required): it cannot be turned off", 403);

const MfaLockedBase = defineError<"mfa_locked", 429, [string]>("mfa_locked", "Too many wrong codes: the second factor is locked, retry in %s", 429);

/** 429 with Retry-After: the account's second factor is locked until `until`. */
export class MfaLocked extends MfaLockedBase {
  readonly retryAfterSeconds: number;
  constructor(until: Date, now: Date) {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    super(`${seconds} seconds`);
    this.retryAfterSeconds = seconds;
  }
}
