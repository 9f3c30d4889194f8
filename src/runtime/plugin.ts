// The one fastify-plugin entry: checks its options, builds the services once, decorates the app
// with `authenticate`, serves the JWKS at the root and mounts the auth routes, encapsulated, under
// /jwt-allauth (their error handler, cookie parser and rate limits do not leak into the app).
import { once } from "node:events";
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { Mailer } from "./mail/mailer.js";
import { createAuthenticate } from "./authenticate.js";
import { BODY_LIMIT_BYTES, handleError } from "./error-handler.js";
import { checkDatabaseAtBoot, createDatabaseCheck } from "./database-check.js";
import type { EnabledFeature, FeatureContributions } from "./features.js";
import { enabledFeatures } from "./enabled-features.js";
import { warnIfSmtpUnreachable } from "./mail/smtp-probe.js";
import { checkOpenApiScheme } from "./openapi-check.js";
import { AUTH_PATH, createRefreshTransport } from "./routes/refresh-transport.js";
import { routeModules } from "./routes/index.js";
import { createFallbackStore } from "./routes/redis-fallback-store.js";
import { createRateLimits } from "./routes/rate-limits.js";
import { createServices, type Services } from "./services.js";
import { createSignIn } from "./sign-in.js";
import { createRequireRecentAuth } from "./step-up.js";
import { jwksSchema } from "./routes/schemas.js";
import type { Settings } from "./settings.js";
import { createValidatorCompiler } from "./validation.js";
import type { PrismaClientLike } from "./store/index.js";

export interface JwtAllauthOptions {
  /** The project's generated PrismaClient (any Prisma 7 client of the shipped schema). */
  prisma: PrismaClientLike;
  /** From loadSettings(process.env). */
  settings: Settings;
  /** Replaces the mailer built from the settings (tests, or an app with its own transport). */
  mailer?: Mailer;
  /**
   * The features to run. Default: those JWT_ALLAUTH_FEATURES names, from the package's registry
   * (src/features/registry.ts). Tests and apps with a feature of their own pass the list.
   */
  features?: readonly EnabledFeature[];
}

const jwtAllauthPlugin: FastifyPluginAsync<JwtAllauthOptions> = async (app, options) => {
  checkOptions(options);
  for (const warning of options.settings.warnings) app.log.warn(warning);
  const features = options.features ?? enabledFeatures(options.settings);
  const checkAuthDatabase = createDatabaseCheck(options.prisma, features, app.log);
  // Before anything is built: a never-migrated database stops the boot, naming the command to run.
  await checkDatabaseAtBoot(checkAuthDatabase, app.log);
  const services = createServices({ prisma: options.prisma, settings: options.settings, mailer: options.mailer, log: app.log });
  const authenticate = createAuthenticate(services);
  const contributions = features.map(({ runtime, settings }) =>
    runtime.setup({
      prisma: options.prisma as never,
      settings: options.settings,
      featureSettings: settings,
      log: app.log,
      clock: services.clock,
      store: services.store,
    }),
  );
  app.addHook("onClose", () => services.emails.close());
  app.addHook("onReady", async () => checkOpenApiScheme(app));
  const smtp = options.settings.email.smtp;
  if (options.settings.environment === "development" && smtp && !options.mailer) {
    app.addHook("onReady", async () => void warnIfSmtpUnreachable(smtp, app.log));
  }

  app.decorateRequest("auth", null);
  app.decorate("authenticate", authenticate);
  app.decorate("checkAuthDatabase", checkAuthDatabase);
  app.get(
    "/.well-known/jwks.json",
    { schema: { tags: ["auth"], summary: "Public keys that verify this server's tokens (empty for HS256)", response: { 200: { ...jwksSchema, description: "The JSON Web Key Set" } } } as object },
    async (_request, reply) => {
      // Keys change only with a deployment; let clients cache them for a while.
      reply.header("cache-control", "public, max-age=300");
      return services.tokens.jwks;
    },
  );
  await app.register((child) => registerAuthRoutes(child, services, authenticate, contributions), { prefix: AUTH_PATH });
};

async function registerAuthRoutes(
  app: FastifyInstance,
  services: Services,
  authenticate: FastifyInstance["authenticate"],
  contributions: readonly FeatureContributions[],
) {
  const { settings } = services;
  const store = contributions.find((contribution) => contribution.rateLimitStore)?.rateLimitStore;
  if (!app.hasRequestDecorator("cookies")) await app.register(fastifyCookie);
  if (settings.rateLimit.enabled && !app.hasDecorator("createRateLimit")) await app.register(fastifyRateLimit, await rateLimitOptions(app, settings, store));
  app.setValidatorCompiler(createValidatorCompiler());
  app.setErrorHandler(handleError);
  app.addHook("onRoute", (route) => {
    route.bodyLimit ??= BODY_LIMIT_BYTES;
  });
  // Tokens and account data must never sit in a shared or browser cache.
  // Callback style: an async hook would cost a promise on every auth request.
  app.addHook("onSend", (_request, reply, payload, done) => {
    reply.header("cache-control", "no-store");
    done(null, payload);
  });
  const refreshTransport = createRefreshTransport(settings);
  const hooks = contributions.flatMap((contribution) => (contribution.firstFactor ? [contribution.firstFactor] : []));
  const context = {
    services,
    authenticate,
    limits: createRateLimits(app, settings.rateLimit.enabled),
    refreshTransport,
    signIn: createSignIn(services.sessions, refreshTransport, hooks),
    requireRecentAuth: createRequireRecentAuth(settings.reauthenticationMaxAge, services.clock),
    reauthenticators: contributions.flatMap((contribution) => (contribution.reauthenticator ? [contribution.reauthenticator] : [])),
  };
  for (const addRoutes of [...routeModules, ...contributions.flatMap((contribution) => contribution.routes ?? [])]) addRoutes(app, context);
}

async function rateLimitOptions(app: FastifyInstance, settings: Settings, store: FeatureContributions["rateLimitStore"]) {
  const base = { global: false };
  // A feature's store (rate-limit-store: the database) is shared by every instance; when it fails,
  // requests go through rather than locking everyone out.
  if (store) return { ...base, store, skipOnError: true };
  if (!settings.rateLimit.redisUrl) return base;
  const { Redis } = await import("ioredis");
  // Fail fast, never wait: without the offline queue a command fails at once while Redis is down,
  // and commandTimeout bounds a Redis that accepts but does not answer. The store then counts in
  // memory (see redis-fallback-store.ts), so a Redis outage neither blocks logins nor lifts the limits.
  const redis = new Redis(settings.rateLimit.redisUrl, { connectTimeout: 500, commandTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on("error", () => {}); // reported once per outage by the store, not per reconnection attempt
  // Boot waits (briefly) for the connection, so the first requests do not count in memory needlessly.
  await once(redis, "ready").catch(() => {});
  app.addHook("onClose", async () => {
    redis.disconnect();
  });
  return { ...base, store: createFallbackStore(redis, "jwt-allauth-rate-limit:", app.log) };
}

function checkOptions(options: Partial<JwtAllauthOptions>): void {
  if (!options.prisma || typeof options.prisma !== "object" || !("session" in options.prisma)) {
    throw new TypeError("jwt-allauth: the `prisma` option must be the project's PrismaClient (with the User and Session models)");
  }
  if (!options.settings || !Object.isFrozen(options.settings)) {
    throw new TypeError("jwt-allauth: the `settings` option must come from loadSettings(process.env)");
  }
}

export const jwtAllauth = fp(jwtAllauthPlugin, { fastify: "5.x", name: "jwt-allauth" });
