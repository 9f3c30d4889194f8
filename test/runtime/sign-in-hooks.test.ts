// The seam MFA (and every later login method) plugs into: a feature's first-factor hook sees the
// user after the password and before any session, and may answer a challenge instead of tokens;
// its own route finishes the sign-in once the second factor passed. This test feature is the
// smallest real one: a one-time code kept in memory.
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import jwtAllauth, { errors, loadSettings } from "../../src/runtime/index.js";
import type { EnabledFeature } from "../../src/runtime/features.js";
import { addRoute } from "../../src/runtime/routes/context.js";
import type { UserRecord } from "../../src/runtime/store/index.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PASSWORD, bearer, login, register, testEnv, uniqueEmail } from "./support/app.js";

/** A feature's own error, from the same catalogue maker as the core's. */
const SecondStepInvalid = errors.defineError("second_step_invalid", "mfaToken: this sign-in step is not valid", 401);

/** Users whose email starts with "guarded" need a second step. */
function secondStepFeature(): EnabledFeature & { methods: string[] } {
  const pending = new Map<string, UserRecord>();
  const methods: string[] = [];
  return {
    name: "second-step",
    settings: undefined,
    methods,
    runtime: {
      models: [],
      setup: () => ({
        firstFactor: {
          challengeSchema: {
            type: "object",
            properties: { mfaRequired: { type: "boolean" }, mfaToken: { type: "string" } },
            required: ["mfaRequired", "mfaToken"],
          },
          async check({ user, method }) {
            methods.push(method);
            if (!user.email.startsWith("guarded")) return undefined;
            const mfaToken = randomUUID();
            pending.set(mfaToken, user);
            return { mfaRequired: true, mfaToken };
          },
        },
        routes: [
          (app, { signIn, services }) =>
            addRoute<{ Body: { mfaToken: string } }>(app, {
              method: "POST",
              url: "/second-step/",
              schema: { tags: ["test"], summary: "Finish a guarded sign-in", body: { type: "object", properties: { mfaToken: { type: "string" } }, required: ["mfaToken"] } },
              async handler(request, reply) {
                const user = pending.get(request.body.mfaToken);
                pending.delete(request.body.mfaToken);
                if (!user) throw new SecondStepInvalid();
                await services.store.recordAuditEvent({ type: "second-step.passed", userId: user.id });
                return signIn.finish(request, reply, user);
              },
            }),
        ],
      }),
    },
  };
}

describe("first-factor hooks", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const feature = secondStepFeature();
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    app = Fastify({ logger: false });
    await app.register(jwtAllauth, { prisma: database.prisma, settings: loadSettings(testEnv()), features: [feature] });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it("answer a challenge instead of tokens, and no session exists until the second step", async () => {
    const email = `guarded-${uniqueEmail()}`;
    // Registration logs in too, so it passes through the same hook.
    const registered = await register(app, email);
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    const first = await login(app, email);
    expect(first.statusCode).toBe(200);
    const { mfaRequired, mfaToken, access } = first.json();
    expect(mfaRequired).toBe(true);
    expect(access).toBeUndefined();
    const user = await database.prisma.user.findUnique({ where: { email } });
    expect(await database.prisma.session.count({ where: { userId: user!.id } })).toBe(0);

    const finished = await app.inject({ method: "POST", url: "/jwt-allauth/second-step/", payload: { mfaToken } });
    expect(finished.statusCode).toBe(200);
    expect(finished.json()).toMatchObject({ access: expect.any(String), refresh: expect.any(String), user: { email } });
    expect(await database.prisma.session.count({ where: { userId: user!.id } })).toBe(1);
    expect(await database.prisma.auditEvent.count({ where: { userId: user!.id, type: "second-step.passed" } })).toBe(1);
    const sessions = await app.inject({ method: "GET", url: "/jwt-allauth/sessions/", headers: bearer(finished.json().access) });
    expect(sessions.json().sessions).toHaveLength(1);
    expect(feature.methods).toEqual(["registration", "password"]);
  });

  it("let a feature answer with its own error codes through the core's error handler", async () => {
    const response = await app.inject({ method: "POST", url: "/jwt-allauth/second-step/", payload: { mfaToken: "forged" } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      statusCode: 401,
      code: "second_step_invalid",
      error: "Unauthorized",
      message: "mfaToken: this sign-in step is not valid",
    });
  });

  it("let a user the hook does not challenge through with tokens", async () => {
    const email = uniqueEmail();
    await register(app, email);
    const response = await login(app, email, PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ access: expect.any(String), user: { email } });
    expect(response.json().mfaRequired).toBeUndefined();
  });

  it("are not consulted when the password is wrong", async () => {
    const before = feature.methods.length;
    expect((await login(app, `guarded-${uniqueEmail()}`, "not the password")).statusCode).toBe(401);
    expect(feature.methods.length).toBe(before);
  });
});
