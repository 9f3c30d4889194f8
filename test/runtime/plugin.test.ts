// Registering the plugin in an app: options checks, app.authenticate on the app's own routes,
// coexistence with the app's own cookie/rate-limit plugins, trailing slashes and OpenAPI.
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import jwtAllauth, { jwtAllauth as named, loadSettings } from "../../src/runtime/index.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, signUp, testEnv, useApp } from "./support/app.js";

describe.each(PROVIDERS)("the plugin on %s", (provider) => {
  const context = useApp(provider);

  it("is one fastify-plugin, exported as default and by name", () => {
    expect(named).toBe(jwtAllauth);
    expect((jwtAllauth as unknown as Record<symbol, { name: string; fastify: string }>)[Symbol.for("plugin-meta")]).toMatchObject({
      name: "jwt-allauth",
      fastify: "5.x",
    });
  });

  it("refuses to boot without a Prisma client or with hand-made settings", async () => {
    const settings = loadSettings(testEnv());
    const noPrisma = Fastify();
    noPrisma.register(jwtAllauth, { prisma: undefined as never, settings });
    await expect(noPrisma.ready()).rejects.toThrow(/prisma/);
    const handMade = Fastify();
    handMade.register(jwtAllauth, { prisma: context.database.prisma, settings: { ...settings } });
    await expect(handMade.ready()).rejects.toThrow(/loadSettings/);
  });

  it("protects the app's own routes with app.authenticate and sets request.auth", async () => {
    const app = Fastify();
    await app.register(jwtAllauth, { prisma: context.database.prisma, settings: loadSettings(testEnv()) });
    app.get("/me", { preHandler: app.authenticate }, async (request) => request.auth);
    app.get("/public", async (request) => ({ auth: request.auth }));
    const user = await signUp(app);
    const me = await app.inject({ method: "GET", url: "/me", headers: bearer(user.access) });
    expect(me.json()).toEqual({ userId: user.userId, sessionId: expect.any(String), emailVerified: false, tokenId: expect.any(String), authTime: expect.any(Number) });
    expect((await app.inject({ method: "GET", url: "/me" })).json()).toMatchObject({ statusCode: 401, code: "token_not_valid" });
    expect((await app.inject({ method: "GET", url: "/public" })).json()).toEqual({ auth: null });
    await app.close();
  });

  it("leaves the app's error handler, validator and cookies alone, and works beside the app's own cookie and rate-limit plugins", async () => {
    const app = Fastify();
    await app.register(fastifyCookie);
    await app.register(fastifyRateLimit, { global: false });
    await app.register(jwtAllauth, { prisma: context.database.prisma, settings: loadSettings(testEnv({ RATE_LIMIT: "true" })) });
    app.post("/echo", { schema: { body: { type: "object", properties: { n: { type: "string" } } } } }, async (request) => request.body);
    // The app keeps Fastify's coercion and error codes.
    expect((await app.inject({ method: "POST", url: "/echo", payload: { n: 42 } })).json()).toEqual({ n: "42" });
    expect((await app.inject({ method: "POST", url: "/echo", payload: "[" , headers: { "content-type": "application/json" } })).json().code).toBe(
      "FST_ERR_CTP_INVALID_JSON_BODY",
    );
    expect((await signUp(app)).access).toEqual(expect.any(String));
    await app.close();
  });

  it("accepts every route with and without the trailing slash", async () => {
    const user = await signUp(context.app);
    for (const url of ["/jwt-allauth/user/", "/jwt-allauth/user", "/jwt-allauth/sessions/", "/jwt-allauth/sessions"]) {
      expect((await context.app.inject({ method: "GET", url, headers: bearer(user.access) })).statusCode, url).toBe(200);
    }
  });

  it("documents every route in OpenAPI with tags, a summary and schemas, once per path", async () => {
    const app = Fastify();
    // The protected routes declare `security: [{ bearerAuth: [] }]`; the app defines the scheme (the template does).
    await app.register(fastifySwagger, {
      openapi: {
        info: { title: "test", version: "1" },
        components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      },
    });
    await app.register(jwtAllauth, { prisma: context.database.prisma, settings: loadSettings(testEnv()) });
    await app.ready();
    const spec = app.swagger() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string; responses?: object; requestBody?: object }>> };
    const paths = Object.keys(spec.paths);
    for (const path of ["/jwt-allauth/login/", "/jwt-allauth/refresh/", "/jwt-allauth/sessions/{id}/", "/jwt-allauth/user/", "/.well-known/jwks.json"]) {
      expect(paths).toContain(path);
    }
    expect(paths.filter((path) => path.startsWith("/jwt-allauth") && !path.endsWith("/"))).toEqual([]);
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(operation.responses, `${method} ${path}`).toBeTruthy();
      }
    }
    expect(spec.paths["/jwt-allauth/login/"]!.post!.requestBody).toBeTruthy();
    await app.close();
  });
});
