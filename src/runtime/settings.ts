// Every environment variable the runtime reads, validated once at boot and resolved into one
// frozen object. A mistake stops the server with a message that starts with the variable's name,
// so a weak secret or a console mailer never reaches production silently.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { readFeatures, type FeatureSelection } from "./feature-settings.js";

export type Env = Record<string, string | undefined>;

export type EmailVerification = "none" | "optional" | "mandatory";
export type RefreshTokenTransport = "body" | "cookie" | "both";

export interface SigningSettings {
  algorithm: "EdDSA" | "HS256";
  /** PKCS#8 PEM for EdDSA, the raw secret for HS256. */
  signingKey: string;
  /** `kid` of the signing key; undefined for HS256 (one secret, nothing to select). */
  keyId: string | undefined;
  /** Every key that verifies tokens, by kid: the signing key's public half plus retired keys. */
  verificationKeys: ReadonlyMap<string, string>;
}

export interface EmailTemplatePaths {
  PASS_RESET_SUBJECT?: string;
  PASS_RESET_EMAIL?: string;
  EMAIL_VERIFICATION_SUBJECT?: string;
  EMAIL_VERIFICATION?: string;
  ACCOUNT_EXISTS_SUBJECT?: string;
  ACCOUNT_EXISTS_EMAIL?: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  user: string | undefined;
  password: string | undefined;
  useTls: boolean;
}

export interface Settings {
  environment: "development" | "production" | "test";
  /** environment === "production": SMTP required. */
  production: boolean;
  publicUrl: string;
  jwt: SigningSettings & {
    issuer: string;
    audience: string;
    /** All durations are in milliseconds. */
    accessTokenLifetime: number;
    refreshTokenLifetime: number;
    refreshGracePeriod: number;
    sessionMaxLifetime: number | undefined;
    accessSessionCheck: boolean;
  };
  refreshTokenTransport: RefreshTokenTransport;
  email: {
    verification: EmailVerification;
    verificationTokenLifetime: number;
    passwordResetTokenLifetime: number;
    /** undefined: the console backend (development only). */
    smtp: SmtpSettings | undefined;
    defaultFrom: string;
    verifiedRedirect: string | undefined;
    passwordResetRedirect: string | undefined;
    templates: EmailTemplatePaths;
  };
  rateLimit: { enabled: boolean; redisUrl: string | undefined };
  /** REAUTHENTICATION_MAX_AGE (ms): how old auth_time may be for a sensitive action (step-up). */
  reauthenticationMaxAge: number;
  /** JWT_ALLAUTH_FEATURES, in the order given, each with the settings it read. */
  features: readonly FeatureSelection[];
  /** Settings that are allowed but risky here (one line each, naming the variable); logged at boot. */
  warnings: readonly string[];
}

/** The helpers loadSettings reads with, handed to each feature's own loadSettings. */
export interface SettingsReader {
  /** The trimmed value, or undefined when unset or empty. */
  read(name: string): string | undefined;
  duration(name: string, fallback: string): number;
  flag(name: string, fallback: boolean): boolean;
  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T;
  url(name: string, fallback?: string): string | undefined;
  /** The error to throw for a bad value: `fail("X", "must be ...")` reads "X must be ...". */
  fail(variable: string, problem: string): SettingsError;
}

export class SettingsError extends Error {
  override name = "SettingsError";
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const TEMPLATE_KEYS = [
  "PASS_RESET_SUBJECT",
  "PASS_RESET_EMAIL",
  "EMAIL_VERIFICATION_SUBJECT",
  "EMAIL_VERIFICATION",
  "ACCOUNT_EXISTS_SUBJECT",
  "ACCOUNT_EXISTS_EMAIL",
] as const;
/** 256 bits: an HMAC key shorter than the hash output is brute-forceable offline from one token. */
const MIN_HS256_SECRET_BYTES = 32;
/** Length is not strength: "a" x 64 is 64 bytes of nothing. Estimated (Shannon) bits a secret needs. */
const MIN_HS256_SECRET_BITS = 128;
/** Two tabs refreshing with one token need seconds; a long window lets a stolen refresh token ride along. */
const MAX_REFRESH_GRACE_MS = 60_000;

/** `90` (seconds), `30s`, `5m`, `2h`, `14d` -> milliseconds. */
export function parseDuration(variable: string, value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  const amount = match ? Number(match[1]) : NaN;
  if (!match || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new SettingsError(variable, `must be a positive duration such as 30s, 5m, 2h or 14d (got "${value}")`);
  }
  return amount * UNITS[match[2] || "s"]!;
}

export function loadSettings(env: Env = process.env): Settings {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === "" ? undefined : value;
  };
  const duration = (name: string, fallback: string) => parseDuration(name, read(name) ?? fallback);
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const value = (read(name) ?? fallback) as T;
    if (!allowed.includes(value)) throw new SettingsError(name, `must be one of ${allowed.join(", ")} (got "${value}")`);
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const value = read(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    throw new SettingsError(name, `must be true or false (got "${value}")`);
  };
  const url = (name: string, fallback?: string): string | undefined => {
    const value = read(name) ?? fallback;
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new SettingsError(name, `must be an absolute URL (got "${value}")`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new SettingsError(name, "must be an http(s) URL");
    return value;
  };

  const environment = oneOf("NODE_ENV", "development", ["development", "production", "test"]);
  const production = environment === "production";
  const publicUrl = readPublicUrl(url("PUBLIC_URL"), production);
  const signing = readSigning(read);

  const emailVerification = oneOf("EMAIL_VERIFICATION", "false", ["false", "true", "optional"]);
  const smtp = readSmtp(read, flag);
  if (production && !smtp) {
    throw new SettingsError("EMAIL_HOST", "is required when NODE_ENV=production (the console mailer would print links to the log)");
  }

  const settings: Settings = {
    environment,
    production,
    publicUrl,
    jwt: {
      ...signing,
      issuer: read("JWT_ISSUER") ?? publicUrl,
      audience: read("JWT_AUDIENCE") ?? "jwt-allauth",
      accessTokenLifetime: duration("JWT_ACCESS_TOKEN_LIFETIME", "5m"),
      refreshTokenLifetime: duration("JWT_REFRESH_TOKEN_LIFETIME", "14d"),
      refreshGracePeriod: readGracePeriod(duration("JWT_REFRESH_GRACE_PERIOD", "10s")),
      sessionMaxLifetime: read("JWT_SESSION_MAX_LIFETIME") === undefined ? undefined : duration("JWT_SESSION_MAX_LIFETIME", ""),
      accessSessionCheck: flag("JWT_ACCESS_SESSION_CHECK", false),
    },
    refreshTokenTransport: oneOf("REFRESH_TOKEN_TRANSPORT", "body", ["body", "cookie", "both"]),
    email: {
      verification: emailVerification === "true" ? "mandatory" : emailVerification === "optional" ? "optional" : "none",
      verificationTokenLifetime: duration("EMAIL_VERIFICATION_TOKEN_LIFETIME", "3d"),
      passwordResetTokenLifetime: duration("PASSWORD_RESET_TOKEN_LIFETIME", "1h"),
      smtp,
      defaultFrom: read("DEFAULT_FROM_EMAIL") ?? "webmaster@localhost",
      verifiedRedirect: url("EMAIL_VERIFIED_REDIRECT"),
      passwordResetRedirect: url("PASSWORD_RESET_REDIRECT"),
      templates: readTemplates(read("JWT_ALLAUTH_TEMPLATES")),
    },
    rateLimit: { enabled: flag("RATE_LIMIT", true), redisUrl: readRedisUrl(read("REDIS_URL")) },
    reauthenticationMaxAge: duration("REAUTHENTICATION_MAX_AGE", "10m"),
    features: readFeatures({ read, duration, flag, oneOf, url, fail: (variable, problem) => new SettingsError(variable, problem) }),
    warnings: [],
  };
  settings.warnings = productionWarnings(production, settings.rateLimit.enabled, read("TRUST_PROXY"));
  return deepFreeze(settings);
}

/**
 * Warnings, not refusals: a gateway in front may do the limiting, and a proxy that alone can reach
 * the app makes TRUST_PROXY=true safe. Otherwise every client picks its own IP (and so its own
 * rate-limit counter) with X-Forwarded-For.
 */
function productionWarnings(production: boolean, rateLimit: boolean, trustProxy: string | undefined): string[] {
  if (!production) return [];
  const warnings: string[] = [];
  if (!rateLimit) warnings.push("RATE_LIMIT=false with NODE_ENV=production: nothing here limits password guessing, sign-ups or emails; make sure a gateway in front does");
  if (trustProxy?.toLowerCase() === "true") {
    warnings.push("TRUST_PROXY=true with NODE_ENV=production: any client that reaches the app directly picks its own IP (and rate-limit counter) through X-Forwarded-For; list your proxies instead (TRUST_PROXY=10.0.0.0/8)");
  }
  return warnings;
}

/** In production every emailed link (with its one-time secret) is built on it: it must be real and https. */
function readPublicUrl(value: string | undefined, production: boolean): string {
  if (production && value === undefined) {
    throw new SettingsError("PUBLIC_URL", "must be set to the address users reach the API at when NODE_ENV=production (emailed links are built on it)");
  }
  if (production && !value!.startsWith("https://")) {
    throw new SettingsError("PUBLIC_URL", `must be an https:// URL when NODE_ENV=production: emailed links carry one-time secrets (got "${value}")`);
  }
  return (value ?? "http://localhost:3000").replace(/\/+$/, "");
}

function readGracePeriod(milliseconds: number): number {
  if (milliseconds > MAX_REFRESH_GRACE_MS) throw new SettingsError("JWT_REFRESH_GRACE_PERIOD", "must be at most 1 minute (60s)");
  return milliseconds;
}

function readSigning(read: (name: string) => string | undefined): SigningSettings {
  const algorithm = read("JWT_ALGORITHM") ?? "EdDSA";
  if (algorithm === "HS256") {
    const secret = read("JWT_SECRET");
    if (!secret) throw new SettingsError("JWT_SECRET", "is required when JWT_ALGORITHM=HS256");
    if (Buffer.byteLength(secret, "utf8") < MIN_HS256_SECRET_BYTES) {
      throw new SettingsError("JWT_SECRET", `must be at least ${MIN_HS256_SECRET_BYTES} bytes (256 bits) for HS256`);
    }
    if (isGuessable(secret)) {
      throw new SettingsError("JWT_SECRET", "is too predictable (repeated or patterned characters): generate one with `openssl rand -base64 32`");
    }
    return { algorithm, signingKey: secret, keyId: undefined, verificationKeys: new Map() };
  }
  if (algorithm !== "EdDSA") throw new SettingsError("JWT_ALGORITHM", `must be EdDSA or HS256 (got "${algorithm}")`);

  const privatePem = read("JWT_PRIVATE_KEY")?.replace(/\\n/g, "\n");
  if (!privatePem) throw new SettingsError("JWT_PRIVATE_KEY", "is required when JWT_ALGORITHM=EdDSA");
  const keyId = read("JWT_KEY_ID");
  if (!keyId) throw new SettingsError("JWT_KEY_ID", "is required when JWT_ALGORITHM=EdDSA");
  const privateKey = parseEd25519("JWT_PRIVATE_KEY", () => createPrivateKey(privatePem));
  const verificationKeys = new Map<string, string>();
  for (const [kid, pem] of Object.entries(readJsonObject("JWT_PUBLIC_KEYS", read("JWT_PUBLIC_KEYS")))) {
    const publicKey = parseEd25519("JWT_PUBLIC_KEYS", () => createPublicKey(pem.replace(/\\n/g, "\n")));
    verificationKeys.set(kid, publicKey.export({ type: "spki", format: "pem" }).toString());
  }
  // The current key always verifies, whatever JWT_PUBLIC_KEYS says under its kid.
  verificationKeys.set(keyId, createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString());
  return {
    algorithm,
    signingKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    keyId,
    verificationKeys,
  };
}

/** A repeated unit ("ab" x 32, "0123456789" x 4), or under MIN_HS256_SECRET_BITS by its character frequencies. */
function isGuessable(secret: string): boolean {
  if (/^(.+?)\1+$/s.test(secret)) return true;
  const counts = new Map<string, number>();
  for (const character of secret) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / secret.length);
  return bits < MIN_HS256_SECRET_BITS;
}

function parseEd25519(variable: string, parse: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = parse();
  } catch {
    throw new SettingsError(variable, "must hold PEM keys (literal \\n accepted for line breaks)");
  }
  if (key.asymmetricKeyType !== "ed25519") throw new SettingsError(variable, `must hold Ed25519 keys (got ${key.asymmetricKeyType})`);
  return key;
}

function readSmtp(
  read: (name: string) => string | undefined,
  flag: (name: string, fallback: boolean) => boolean,
): SmtpSettings | undefined {
  const host = read("EMAIL_HOST");
  if (!host) return undefined;
  const port = Number(read("EMAIL_PORT") ?? "587");
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new SettingsError("EMAIL_PORT", "must be a TCP port (1-65535)");
  return { host, port, user: read("EMAIL_HOST_USER"), password: read("EMAIL_HOST_PASSWORD"), useTls: flag("EMAIL_USE_TLS", false) };
}

function readTemplates(raw: string | undefined): EmailTemplatePaths {
  const entries = readJsonObject("JWT_ALLAUTH_TEMPLATES", raw);
  for (const key of Object.keys(entries)) {
    if (!(TEMPLATE_KEYS as readonly string[]).includes(key)) {
      throw new SettingsError("JWT_ALLAUTH_TEMPLATES", `has an unknown key "${key}" (allowed: ${TEMPLATE_KEYS.join(", ")})`);
    }
  }
  return entries;
}

function readJsonObject(variable: string, raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SettingsError(variable, "must be a JSON object");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new SettingsError(variable, "must be a JSON object");
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") throw new SettingsError(variable, `must map each key to a string (see "${key}")`);
  }
  return parsed as Record<string, string>;
}

function readRedisUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^rediss?:\/\//.test(value)) throw new SettingsError("REDIS_URL", `must be a redis:// or rediss:// URL (got "${value}")`);
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !(value instanceof Map)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
