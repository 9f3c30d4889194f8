// The seam every feature plugs into (src/features/<name>/, listed in src/features/registry.ts).
// The core never asks whether a feature is on: it reads what the enabled features contribute.
import type { FastifyBaseLogger } from "fastify";
import type { RouteModule } from "./routes/context.js";
import type { FirstFactorHook } from "./sign-in.js";
import type { Reauthenticator } from "./reauthenticator.js";
import type { Store } from "./store/index.js";
import type { Settings, SettingsReader } from "./settings.js";
import type { Clock } from "./clock.js";
import type { ModelDelegate, PrismaClientLike } from "./store/index.js";

export interface RuntimeFeature<FeatureSettings = unknown> {
  /**
   * Prisma client properties of the feature's models (`rateLimitCounter`). The plugin checks at
   * boot, and app.checkAuthDatabase() on every call, that their tables and columns exist.
   */
  models: readonly string[];
  /** Reads and validates the feature's variables once at boot; a mistake names the variable. */
  loadSettings?(reader: SettingsReader): FeatureSettings;
  /** Called once per plugin registration, before any route exists. */
  setup(context: FeatureContext<FeatureSettings>): FeatureContributions;
}

export interface FeatureContext<FeatureSettings> {
  /** The project's client: the core's models plus the feature's own (`prisma.rateLimitCounter`). */
  prisma: PrismaClientLike & Record<string, ModelDelegate>;
  settings: Settings;
  featureSettings: FeatureSettings;
  log: FastifyBaseLogger;
  clock: Clock;
  /** The core's domain verbs (users, sessions, audit events): a feature never writes core tables itself. */
  store: Store;
}

/** Constructor the way @fastify/rate-limit's `store` option takes it. */
export interface RateLimitStore {
  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number, max: number): void;
  child(routeOptions: object): RateLimitStore;
}

export interface FeatureContributions {
  /** Mounted under /jwt-allauth with the core's error handler, validator and rate limits. */
  routes?: readonly RouteModule[];
  /** Where the built-in rate limits keep their counters, instead of memory or REDIS_URL. */
  rateLimitStore?: new () => RateLimitStore;
  /**
   * Runs after every successful first factor (password login, registration that logs in, and any
   * feature's own login: social, passkey, magic link), before a session exists. See sign-in.ts.
   */
  firstFactor?: FirstFactorHook;
  /** Another way to pass POST /reauthenticate/ (step-up) besides the password: MFA's `code`. */
  reauthenticator?: Reauthenticator;
}

/** A feature as the plugin runs it: its runtime part and the settings loadSettings resolved. */
export interface EnabledFeature {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each feature has its own settings type
  runtime: RuntimeFeature<any>;
  settings: unknown;
}
