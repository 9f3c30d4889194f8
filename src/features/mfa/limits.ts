// The numbers of the mfa feature in one place (durations in milliseconds).
const MINUTE = 60_000;

/** How long an mfaToken (login challenge, or setup-only token) lives. */
export const CHALLENGE_LIFETIME_MS = 5 * MINUTE;
/** Wrong codes one challenge survives; then its mfaToken is dead and the user logs in again. */
export const CHALLENGE_MAX_ATTEMPTS = 5;
/** Wrong codes an account may send in ACCOUNT_FAILURE_WINDOW_MS across challenges before it locks. */
export const ACCOUNT_MAX_FAILURES = 10;
/** The lockout lasts until the window that reached the limit ends. */
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * MINUTE;
