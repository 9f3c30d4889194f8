// The AuditEvent types the mfa feature writes (docs/mfa.md lists their details).
export type MfaAuditEvent =
  | "mfa_setup"
  | "mfa_activated"
  | "mfa_failed"
  | "mfa_locked"
  | "mfa_recovery_code_used"
  | "mfa_recovery_codes_regenerated"
  | "mfa_deactivated";
