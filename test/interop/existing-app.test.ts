// The plugin in a Fastify app that did not come from startproject: the app's own Prisma client
// (here the test harness's, on a real database), its own routes and its own choices about
// OpenAPI. Nothing of the generated project is used.
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import jwtAllauth, { loadSettings } from "../../src/runtime/index.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { testEnv } from "../runtime/support/app.js";

const credentials = { email: "linus@example.com", password: "a-kernel-of-truth-1991" };

describe.each(PROVIDERS)("an existing Fastify app on %s", (provider) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = Fastify();
    // The app's own route, registered before the plugin and protected by it.
    app.register(async (api) => {
      await api.register(jwtAllauth, { prisma: database.prisma, settings: loadSettings(testEnv()) });
      api.get("/api/orders", { preHandler: api.authenticate }, async (request) => ({ owner: request.auth!.userId, orders: [] }));
    });
    app.get("/", async () => ({ shop: "open" }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it("registers, logs in, refreshes and protects the app's own route with app.authenticate", async () => {
    const registration = await app.inject({ method: "POST", url: "/jwt-allauth/registration", payload: credentials });
    expect(registration.statusCode).toBe(201);
    const login = await app.inject({ method: "POST", url: "/jwt-allauth/login/", payload: credentials });
    expect(login.statusCode).toBe(200);
    const { access, refresh, user } = login.json();

    const orders = await app.inject({ method: "GET", url: "/api/orders", headers: { authorization: `Bearer ${access}` } });
    expect(orders.statusCode).toBe(200);
    expect(orders.json()).toEqual({ owner: user.id, orders: [] });
    const anonymous = await app.inject({ method: "GET", url: "/api/orders" });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe("token_not_valid");

    const refreshed = await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh } });
    expect(refreshed.statusCode).toBe(200);
    const again = await app.inject({ method: "GET", url: "/api/orders", headers: { authorization: `Bearer ${refreshed.json().access}` } });
    expect(again.statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/" })).json()).toEqual({ shop: "open" });
  });
});

describe("an existing app with its own @fastify/swagger", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(() => database.drop());

  async function appWithSwagger(openapi: object): Promise<FastifyInstance> {
    const app = Fastify();
    await app.register(swagger, { openapi });
    await app.register(jwtAllauth, { prisma: database.prisma, settings: loadSettings(testEnv()) });
    return app;
  }

  it.each([
    ["no components at all", { info: { title: "shop", version: "1" } }],
    ["other security schemes only", { info: { title: "shop", version: "1" }, components: { securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "x-api-key" } } } }],
  ])("refuses to boot with %s, naming the scheme to add", async (_label, openapi) => {
    const app = await appWithSwagger(openapi);
    await expect(app.ready()).rejects.toThrow(/without the "bearerAuth" security scheme.*securitySchemes: \{ bearerAuth: \{ type: "http", scheme: "bearer"/);
    await app.close();
  });

  it("documents the auth routes, protected ones with bearerAuth, when the scheme is defined", async () => {
    const app = await appWithSwagger({
      info: { title: "shop", version: "1" },
      components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    });
    await app.ready();
    const document = app.swagger() as { paths: Record<string, Record<string, { security?: unknown }>> };
    expect(document.paths["/jwt-allauth/login/"]?.post?.security).toBeUndefined();
    expect(document.paths["/jwt-allauth/user/"]?.get?.security).toEqual([{ bearerAuth: [] }]);
    await app.close();
  });
});
