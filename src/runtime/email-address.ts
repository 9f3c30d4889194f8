// The one spelling of an email address: the address we store, compare, rate-limit and mail to.
// Strict on purpose. A loose shape let `victim@evil.test,.company.test` through, which nodemailer
// read as a list and mailed the verification link to evil.test; invisible characters and Unicode
// spellings made second accounts for one mailbox.
import { domainToASCII, domainToUnicode } from "node:url";
import { InvalidInput } from "./errors.js";

/** RFC 5321: 64 for the local part, 254 for the whole path. */
const MAX_LOCAL_LENGTH = 64;
const MAX_EMAIL_LENGTH = 254;
/** RFC 5322 dot-atom (ASCII, as Django's EmailValidator): no quotes, comments, brackets, commas or semicolons. */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A hostname label (after IDNA): letters, digits, inner hyphens, at most 63. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Controls, format characters (soft hyphen, zero-width joiners, bidi marks), separators, unassigned. */
const INVISIBLE = /[\p{C}\p{Z}]/u;

/**
 * `Ada@XN--Bcher-KVA.example ` -> `ada@bücher.example`: trimmed, Unicode NFC, lower-cased, the
 * domain checked in its IDNA ASCII form (what SMTP sends) and kept in the one Unicode spelling
 * that form maps back to, so NFC, NFD and punycode spellings are one account. undefined when it
 * is not a plain mailbox address.
 */
function canonicalEmail(raw: string): string | undefined {
  const email = raw.trim().normalize("NFC").toLowerCase();
  if (INVISIBLE.test(email)) return undefined;
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  if (at < 1 || local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) return undefined;
  const domain = domainToASCII(email.slice(at + 1));
  const labels = domain.split(".");
  // Two labels at least, and a top-level label that is not a number (no IP addresses).
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1)!)) return undefined;
  if (local.length + 1 + domain.length > MAX_EMAIL_LENGTH) return undefined;
  return `${local}@${domainToUnicode(domain)}`;
}

/** canonicalEmail for a request body field; 400 invalid_input naming `field` if it is not an address. */
export function readEmail(raw: string, field = "email"): string {
  const email = canonicalEmail(raw);
  if (email === undefined) {
    throw new InvalidInput(`body/${field} must be one plain email address such as name@example.com (no spaces, quotes, comments, brackets or separators)`);
  }
  return email;
}
