import { InvalidInput } from "./errors.js";

/** One account per address: "A@x.io " and "a@x.io" must be the same user. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately loose (one @, a dot in the domain, no spaces): the verification email is the real check.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

/** Normalises and checks an address from a request body; 400 naming `field` if it is not one. */
export function readEmail(raw: string, field = "email"): string {
  const email = normalizeEmail(raw);
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(email)) throw new InvalidInput(`body/${field} must be an email address`);
  return email;
}
