// The security headers reach every kind of response of an app built like the generated project:
// JSON, 404, errors (the app's and the plugin's), the email-link HTML pages (which keep their
// nonce CSP) and /docs (swagger-ui's CSP). HSTS and upgrade-insecure-requests only over https.
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import jwtAllauth, { dropHttpsUpgrade, loadSettings, securityHeaders, securityHeaderValues } from "../../src/runtime/index.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { testEnv } from "./support/app.js";

async function buildApp(database: TestDatabase, publicUrl: string): Promise<FastifyInstance> {
  const https = publicUrl.startsWith("https:");
  const app = Fastify({ logger: false });
  await app.register(securityHeaders, { https });
  await app.register(swagger, {
    openapi: {
      info: { title: "headers", version: "0" },
      components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true, transformStaticCSP: https ? undefined : dropHttpsUpgrade });
  await app.register(jwtAllauth, { prisma: database.prisma, settings: loadSettings(testEnv({ PUBLIC_URL: publicUrl })) });
  app.get("/health", async () => ({ status: "ok" }));
  app.get("/boom", async () => {
    throw new Error("boom");
  });
  await app.ready();
  return app;
}

/** Every header but the CSP, which HTML pages replace with their own. */
function expectSharedHeaders(response: LightMyRequestResponse, https: boolean) {
  const { "content-security-policy": _csp, ...shared } = securityHeaderValues({ https });
  expect(response.headers).toMatchObject(shared);
  expect(response.headers["x-frame-options"]).toBe("DENY");
  if (!https) expect(response.headers["strict-transport-security"]).toBeUndefined();
}

describe.each([
  { publicUrl: "http://localhost:3000", https: false },
  { publicUrl: "https://api.example.com", https: true },
])("security headers with PUBLIC_URL=$publicUrl", ({ publicUrl, https }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    app = await buildApp(database, publicUrl);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const apiCsp = securityHeaderValues({ https })["content-security-policy"];
  it.each([
    ["JSON", "GET", "/health", 200],
    ["404", "GET", "/no-such-route", 404],
    ["app error", "GET", "/boom", 500],
    ["plugin 400", "POST", "/jwt-allauth/login/", 400],
    ["plugin 401", "GET", "/jwt-allauth/user/", 401],
    ["JWKS", "GET", "/.well-known/jwks.json", 200],
  ] as const)("%s response (%s %s) carries them all, API CSP included", async (_kind, method, url, status) => {
    const response = await app.inject({ method, url, payload: method === "POST" ? {} : undefined });
    expect(response.statusCode).toBe(status);
    expectSharedHeaders(response, https);
    expect(response.headers["content-security-policy"]).toBe(apiCsp);
    expect(String(response.headers["content-security-policy"]).includes("upgrade-insecure-requests")).toBe(https);
  });

  it("the reset page keeps its nonce CSP and gets the other headers", async () => {
    const response = await app.inject({ method: "GET", url: "/jwt-allauth/password/reset/default/?token=whatever" });
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.headers["content-security-policy"]).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expectSharedHeaders(response, https);
  });

  it("/docs keeps swagger-ui's CSP, with upgrade-insecure-requests only over https", async () => {
    const response = await app.inject({ method: "GET", url: "/docs/" });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp.includes("upgrade-insecure-requests")).toBe(https);
    expectSharedHeaders(response, https);
  });
});
