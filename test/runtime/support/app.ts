// Builds a real Fastify app with the plugin on a real database, as a generated project does.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import jwtAllauth, { loadSettings, SettingsError, type Env, type Mailer, type MailMessage } from "../../../src/runtime/index.js";
import { createTestDatabase, type TestDatabase } from "../../support/databases.js";
import type { Provider } from "../../support/prisma-clients.js";

export interface Ed25519Key {
  kid: string;
  privatePem: string;
  publicPem: string;
  privateKey: KeyObject;
}

export function makeEd25519Key(kid: string): Ed25519Key {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    kid,
    privateKey,
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export const TEST_KEY = makeEd25519Key("test-key-1");

export function testEnv(overrides: Env = {}): Env {
  return {
    NODE_ENV: "test",
    PUBLIC_URL: "http://localhost:3000",
    JWT_PRIVATE_KEY: TEST_KEY.privatePem,
    JWT_KEY_ID: TEST_KEY.kid,
    RATE_LIMIT: "false",
    ...overrides,
  };
}

/** The SettingsError loadSettings throws for `env`; fails the test if it accepts the settings. */
export function refusal(env: Env): SettingsError {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error("loadSettings accepted the settings");
}

/** Keeps every email the plugin sends, so tests can assert who was mailed. */
export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }
  /** Emails go out after the answer; wait until `count` have been handed over. */
  async waitFor(count: number): Promise<MailMessage[]> {
    for (let i = 0; i < 200 && this.sent.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.sent;
  }
}

export async function buildApp(database: TestDatabase, env: Env = {}, mailer?: Mailer): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(jwtAllauth, { prisma: database.prisma, settings: loadSettings(testEnv(env)), mailer });
  app.get("/hello", { preHandler: app.authenticate }, async (request) => ({ userId: request.auth!.userId }));
  app.get("/open", async () => ({ ok: true }));
  await app.ready();
  return app;
}

export interface TestContext {
  database: TestDatabase;
  app: FastifyInstance;
}

/**
 * A fresh database for the describe block and an app on it (closed and dropped afterwards).
 * Extra apps with other settings can be built on the same database with buildApp.
 */
export function useApp(provider: Provider, env: Env = {}, mailer?: Mailer): TestContext {
  const context = {} as TestContext;
  beforeAll(async () => {
    context.database = await createTestDatabase(provider);
    context.app = await buildApp(context.database, env, mailer);
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.drop();
  });
  return context;
}

export const PASSWORD = "correct horse battery staple";

let counter = 0;
/** A fresh, unique email per call, so tests in one file never collide. */
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}${counter}-${Date.now()}@example.com`;
}

export async function register(app: FastifyInstance, email = uniqueEmail(), password = PASSWORD): Promise<LightMyRequestResponse> {
  return app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: { email, password } });
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  return app.inject({ method: "POST", url: "/jwt-allauth/login/", payload: { email, password }, headers });
}

/** Registers and logs in a fresh user; returns its email and the login's tokens. */
export async function signUp(app: FastifyInstance): Promise<{ email: string; access: string; refresh: string; userId: string }> {
  const email = uniqueEmail();
  const response = await register(app, email);
  if (response.statusCode !== 201) throw new Error(`registration failed: ${response.body}`);
  const body = response.json();
  return { email, access: body.access, refresh: body.refresh, userId: body.user.id };
}

export function bearer(access: string): Record<string, string> {
  return { authorization: `Bearer ${access}` };
}
