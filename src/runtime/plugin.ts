// The one fastify-plugin entry: checks its options, builds the services once, decorates the app
// with `authenticate`, serves the JWKS at the root and mounts the auth routes, encapsulated, under
// /jwt-allauth (their error handler, cookie parser and rate limits do not leak into the app).
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { Mailer } from "./mail/mailer.js";
import { createAuthenticate } from "./authenticate.js";
import { BODY_LIMIT_BYTES, handleError } from "./error-handler.js";
import { checkOpenApiScheme } from "./openapi-check.js";
import { AUTH_PATH, createRefreshTransport } from "./routes/refresh-transport.js";
import { routeModules } from "./routes/index.js";
import { createRateLimits } from "./routes/rate-limits.js";
import { createServices, type Services } from "./services.js";
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
}

const jwtAllauthPlugin: FastifyPluginAsync<JwtAllauthOptions> = async (app, options) => {
  checkOptions(options);
  const services = createServices({ prisma: options.prisma, settings: options.settings, mailer: options.mailer, log: app.log });
  const authenticate = createAuthenticate(services);
  app.addHook("onClose", () => services.emails.close());
  app.addHook("onReady", async () => checkOpenApiScheme(app));

  app.decorateRequest("auth", null);
  app.decorate("authenticate", authenticate);
  app.get(
    "/.well-known/jwks.json",
    { schema: { tags: ["auth"], summary: "Public keys that verify this server's tokens (empty for HS256)", response: { 200: jwksSchema } } as object },
    async (_request, reply) => {
      // Keys change only with a deployment; let clients cache them for a while.
      reply.header("cache-control", "public, max-age=300");
      return services.tokens.jwks;
    },
  );
  await app.register((child) => registerAuthRoutes(child, services, authenticate), { prefix: AUTH_PATH });
};

async function registerAuthRoutes(app: FastifyInstance, services: Services, authenticate: FastifyInstance["authenticate"]) {
  const { settings } = services;
  if (!app.hasRequestDecorator("cookies")) await app.register(fastifyCookie);
  if (settings.rateLimit.enabled && !app.hasDecorator("createRateLimit")) await app.register(fastifyRateLimit, await rateLimitOptions(app, settings));
  app.setValidatorCompiler(createValidatorCompiler());
  app.setErrorHandler(handleError);
  app.addHook("onRoute", (route) => {
    route.bodyLimit ??= BODY_LIMIT_BYTES;
  });
  // Tokens and account data must never sit in a shared or browser cache.
  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store");
  });
  const context = {
    services,
    authenticate,
    limits: createRateLimits(app, settings.rateLimit.enabled),
    refreshTransport: createRefreshTransport(settings),
  };
  for (const addRoutes of routeModules) addRoutes(app, context);
}

async function rateLimitOptions(app: FastifyInstance, settings: Settings) {
  const base = { global: false };
  if (!settings.rateLimit.redisUrl) return base;
  const { Redis } = await import("ioredis");
  // Fail fast: a slow Redis must not hold logins hostage (skipOnError lets requests through).
  const redis = new Redis(settings.rateLimit.redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1 });
  app.addHook("onClose", async () => {
    await redis.quit();
  });
  return { ...base, redis, skipOnError: true, nameSpace: "jwt-allauth-rate-limit:" };
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
