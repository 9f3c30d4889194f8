// Shared by the benchmark's two processes.
export const USERS = 1_000;
export const PASSWORD = "benchmark passphrase";
export const benchEmail = (i: number) => `bench${i}@example.com`;
