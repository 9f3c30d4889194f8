// Shared by the benchmark's stacks and scenarios.
export const USERS = 1_000;
export const PASSWORD = "benchmark passphrase";
export const benchEmail = (i: number) => `bench${i}@example.com`;
/** Long enough to outlast a whole run: an access token issued in the setup is used by every round. */
export const ACCESS_LIFETIME = "1h";
