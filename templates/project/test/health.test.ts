import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { createPrismaClient } from "../src/db.js";
import { loadProjectSettings } from "../src/settings.js";
import { createTestApp, testEnv, type TestApp } from "./support/app.js";
import { UNREACHABLE_DATABASE_URL } from "./support/database.js";

describe("health and readiness", () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it("GET / says where the documentation and the health checks are", async () => {
    const response = await test.app.inject({ method: "GET", url: "/" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ docs: "/docs", health: "/health", ready: "/ready", auth: "/jwt-allauth/" });
  });

  it("GET /health answers ok", async () => {
    const response = await test.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("GET /ready answers ready when the database does", async () => {
    const response = await test.app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ready" });
  });

  it("GET /ready answers 503 when the database cannot be reached", async () => {
    const prisma = createPrismaClient(UNREACHABLE_DATABASE_URL);
    const app = await buildApp({ settings: loadProjectSettings(testEnv(UNREACHABLE_DATABASE_URL)), prisma });
    try {
      const response = await app.inject({ method: "GET", url: "/ready" });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ statusCode: 503, code: "database_unavailable" });
    } finally {
      await app.close();
      await prisma.$disconnect().catch(() => undefined);
    }
  });

  it("GET /ready answers 503 schema_not_migrated when a table is missing", async () => {
    const broken = await createTestApp();
    try {
      await broken.prisma.$executeRawUnsafe('DROP TABLE "Session"');
      const response = await broken.app.inject({ method: "GET", url: "/ready" });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ statusCode: 503, code: "schema_not_migrated" });
    } finally {
      await broken.close();
    }
  });

  it("serves the OpenAPI document with the auth routes", async () => {
    const response = await test.app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toContain("/hello");
    expect(paths.some((path) => path.startsWith("/jwt-allauth/login"))).toBe(true);
  });

  it("serves no API documentation in production unless API_DOCS=true", async () => {
    const production = { NODE_ENV: "production", PUBLIC_URL: "https://api.example.com", EMAIL_HOST: "smtp.example.com" };
    expect(loadProjectSettings(testEnv(UNREACHABLE_DATABASE_URL, production)).docs).toBe(false);
    expect(loadProjectSettings(testEnv(UNREACHABLE_DATABASE_URL, { ...production, API_DOCS: "true" })).docs).toBe(true);
    const hidden = await createTestApp({ API_DOCS: "false" });
    try {
      expect((await hidden.app.inject({ method: "GET", url: "/docs" })).statusCode).toBe(404);
      expect((await hidden.app.inject({ method: "GET", url: "/docs/json" })).statusCode).toBe(404);
    } finally {
      await hidden.close();
    }
  });
});
