// Checking a TOTP or recovery code, the one place that does it (login challenge, activation,
// reauthentication): an attempt is counted against the account before the code is looked at, a
// code is accepted once, and every failure, lockout and recovery-code use is audited.
import type { KeyObject } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Clock } from "../../runtime/clock.js";
import type { Store } from "../../runtime/store/index.js";
import type { MfaAuditEvent } from "./audit-events.js";
import type { AuthenticatorStore } from "./authenticator-store.js";
import { MfaCodeInvalid, MfaLocked, MfaNotSetUp } from "./errors.js";
import type { LockoutStore } from "./lockout-store.js";
import { ACCOUNT_MAX_FAILURES } from "./limits.js";
import type { RecoveryCodeStore } from "./recovery-code-store.js";
import { hashRecoveryCode } from "./recovery-codes.js";
import type { SecretBox } from "./secret-box.js";
import { matchTotpStep } from "./totp.js";

export interface CodeCheck {
  userId: string;
  code: string;
  /** The body field the code came in: named by the 400. */
  field: string;
  request: FastifyRequest;
}

export interface SecondFactor {
  /** A TOTP code of the active authenticator (or of the pending one, with `activate`, which activates it). */
  checkTotp(check: CodeCheck, activate?: boolean): Promise<void>;
  /** An unused recovery code, which is spent. */
  checkRecoveryCode(check: CodeCheck): Promise<void>;
}

interface Deps {
  authenticators: AuthenticatorStore;
  lockout: LockoutStore;
  recoveryCodes: RecoveryCodeStore;
  audit: Store["recordAuditEvent"];
  box: SecretBox;
  recoveryKey: KeyObject;
  clock: Clock;
}

export function createSecondFactor({ authenticators, lockout, recoveryCodes, audit, box, recoveryKey, clock }: Deps): SecondFactor {
  const record = (type: MfaAuditEvent, { userId, request }: CodeCheck, detail?: Record<string, unknown>) =>
    audit({ type, userId, ip: request.ip, userAgent: request.headers["user-agent"] ?? null, detail });

  /** Counts the attempt, runs `accept`, then forgives the window or records the failure. */
  async function guarded(check: CodeCheck, method: string, accept: (now: Date) => Promise<boolean>): Promise<void> {
    const now = clock.now();
    const reservation = await lockout.reserveAttempt(check.userId, now);
    if (!reservation.allowed) throw new MfaLocked(reservation.lockedUntil, now);
    if (await accept(now)) {
      await lockout.clearFailures(check.userId);
      return;
    }
    await record("mfa.failed", check, { method });
    const row = await authenticators.findAuthenticator(check.userId);
    if (row && row.failures >= ACCOUNT_MAX_FAILURES && row.failureWindowEndsAt) {
      await record("mfa.locked", check, { until: row.failureWindowEndsAt.toISOString() });
    }
    throw new MfaCodeInvalid(check.field);
  }

  return {
    async checkTotp(check, activate = false) {
      const authenticator = await authenticators.findAuthenticator(check.userId);
      if (!authenticator || (authenticator.activatedAt === null) !== activate) throw new MfaNotSetUp();
      const secret = box.open(authenticator.secret, check.userId);
      await guarded(check, "totp", async (now) => {
        const step = matchTotpStep(secret, check.code, now);
        return step !== undefined && (await authenticators.acceptStep(check.userId, step, now, activate));
      });
    },
    async checkRecoveryCode(check) {
      await guarded(check, "recovery_code", async (now) => {
        const used = await recoveryCodes.useRecoveryCode(check.userId, hashRecoveryCode(recoveryKey, check.code), now);
        if (used) await record("mfa.recovery_code_used", check, { remaining: (await recoveryCodes.summarizeRecoveryCodes(check.userId)).remaining });
        return used;
      });
    },
  };
}
