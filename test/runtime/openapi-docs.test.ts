// What /docs shows: every response of every auth route has a description (not @fastify/swagger's
// "Default Response"), and request bodies show real examples, not strings generated from a pattern.
import fastifySwagger from "@fastify/swagger";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwtAllauth } from "../../src/runtime/plugin.js";
import { loadSettings } from "../../src/runtime/settings.js";
import type { PrismaClientLike } from "../../src/runtime/store/index.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";

interface Operation {
  tags?: string[];
  summary?: string;
  responses: Record<string, { description: string }>;
  requestBody?: { content: Record<string, { schema: { properties: Record<string, { example?: unknown }> } }> };
}

describe("the OpenAPI document behind /docs", () => {
  let db: TestDatabase;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    const app = Fastify();
    await app.register(fastifySwagger, {
      openapi: { info: { title: "test", version: "1" }, components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } } } },
    });
    const settings = loadSettings({ JWT_ALGORITHM: "HS256", JWT_SECRET: "HS256 test secret, not for production: 9f2Kq7LmZx4Wb8Tn", EMAIL_VERIFICATION: "true" });
    await app.register(jwtAllauth, { prisma: db.prisma as unknown as PrismaClientLike, settings });
    await app.ready();
    paths = (app.swagger() as unknown as { paths: typeof paths }).paths;
    await app.close();
  });
  afterAll(() => db.drop());

  it("describes every response of every route", () => {
    const undescribed: string[] = [];
    for (const [url, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!response.description || response.description === "Default Response") undescribed.push(`${method} ${url} ${status}`);
        }
      }
    }
    expect(Object.keys(paths).length).toBeGreaterThan(10);
    expect(undescribed).toEqual([]);
    expect(paths["/jwt-allauth/login/"]!.post!.responses["401"]!.description).toMatch(/invalid_credentials/);
    expect(paths["/jwt-allauth/login/"]!.post!.responses["503"]!.description).toMatch(/database_unavailable/);
  });

  it("shows a real email address and passphrase as the login example", () => {
    const body = paths["/jwt-allauth/login/"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(body.properties.email!.example).toBe("ada@example.com");
    expect(body.properties.password!.example).toBe("correct horse battery staple");
  });

  it("documents the email routes with tags and summaries, once per path", () => {
    const documented = [
      ["/jwt-allauth/registration/verification/{key}/", "get"],
      ["/jwt-allauth/registration/verification/", "post"],
      ["/jwt-allauth/registration/resend-verification/", "post"],
      ["/jwt-allauth/password/reset/", "post"],
      ["/jwt-allauth/password/reset/default/", "get"],
      ["/jwt-allauth/password/reset/confirm/", "post"],
    ] as const;
    for (const [url, method] of documented) {
      const operation = paths[url]?.[method];
      expect(operation?.tags?.length, `${method} ${url}`).toBeGreaterThan(0);
      expect(operation?.summary, `${method} ${url}`).toBeTruthy();
    }
    expect(paths["/jwt-allauth/password/reset"]).toBeUndefined();
  });
});
