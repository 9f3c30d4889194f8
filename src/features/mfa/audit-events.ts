// The AuditEvent types the mfa feature writes (docs/mfa.md lists their details).
export type MfaAuditEvent =
  | "mfa.setup"
  | "mfa.activated"
  | "mfa.failed"
  | "mfa.locked"
  | "mfa.recovery_code_used"
  | "mfa.recovery_codes_regenerated"
  | "mfa.deactivated";
