// The package's public entry: `import jwtAllauth, { loadSettings } from "jwt-allauth"`.
import { jwtAllauth } from "./plugin.js";

export default jwtAllauth;
export { jwtAllauth };
export type { JwtAllauthOptions } from "./plugin.js";
export { loadSettings, parseDuration, SettingsError } from "./settings.js";
export type { Settings, Env, EmailVerification, RefreshTokenTransport } from "./settings.js";
export type { AuthContext } from "./authenticate.js";
export type { AccountEmails } from "./account-emails.js";
export type { Mailer, MailMessage } from "./mail/mailer.js";
export type { PrismaClientLike } from "./store/index.js";
export * as errors from "./errors.js";
export type { DatabaseCheck } from "./database-check.js";
export type { EnabledFeature, FeatureContext, FeatureContributions, RateLimitStore, RuntimeFeature } from "./features.js";
export type { FirstFactor, FirstFactorHook, SignIn } from "./sign-in.js";
export type { Reauthenticator } from "./reauthenticator.js";
export type { SettingsReader } from "./settings.js";
export { securityHeaders, securityHeaderValues, dropHttpsUpgrade } from "./security-headers.js";
export type { SecurityHeadersOptions } from "./security-headers.js";
