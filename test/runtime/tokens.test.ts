// Token model: the two types never pass for each other, algorithms are pinned, every forgery is a
// 401, access tokens are verified without a query, and the verification cache never outlives exp.
import { createHmac, sign } from "node:crypto";
import { createSigner } from "fast-jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, buildApp, makeEd25519Key, signUp, testEnv, TEST_KEY, useApp } from "./support/app.js";

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const decode = (token: string) => ({
  header: JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()),
  payload: JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()),
});
/** Signs header.payload with Ed25519 by hand, so tests can forge any header. */
function signEd25519(header: object, payload: object, key = TEST_KEY.privateKey): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString("base64url")}`;
}

describe.each(PROVIDERS)("tokens on %s", (provider) => {
  const context = useApp(provider);
  afterEach(() => vi.useRealTimers());
  const hello = (token: string) => context.app.inject({ method: "GET", url: "/hello", headers: bearer(token) });
  const refresh = (token: string) => context.app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: token } });

  it("issues access and refresh tokens with the documented headers and claims", async () => {
    const user = await signUp(context.app);
    const access = decode(user.access);
    const refreshToken = decode(user.refresh);
    expect(access.header).toEqual({ alg: "EdDSA", typ: "at+jwt", kid: TEST_KEY.kid });
    expect(refreshToken.header).toEqual({ alg: "EdDSA", typ: "rt+jwt", kid: TEST_KEY.kid });
    expect(Object.keys(access.payload).sort()).toEqual(["aud", "auth_time", "email_verified", "exp", "iat", "iss", "jti", "sid", "sub"]);
    expect(Object.keys(refreshToken.payload).sort()).toEqual(["aud", "auth_time", "exp", "iat", "iss", "jti", "sid", "sub"]);
    expect(access.payload.auth_time).toBe(access.payload.iat);
    expect(refreshToken.payload.auth_time).toBe(access.payload.iat);
    expect(access.payload).toMatchObject({ iss: "http://localhost:3000", aud: "jwt-allauth", sub: user.userId, email_verified: false });
    expect(access.payload.exp - access.payload.iat).toBe(300);
    expect(refreshToken.payload.exp - refreshToken.payload.iat).toBe(14 * 86_400);
    expect(refreshToken.payload.sid).toBe(access.payload.sid);
  });

  it("verifies access tokens with zero database queries", async () => {
    const user = await signUp(context.app);
    context.database.queries.length = 0;
    for (let i = 0; i < 5; i++) expect((await hello(user.access)).statusCode).toBe(200);
    expect(context.database.queries).toEqual([]);
  });

  it("never accepts a refresh token as an access token, nor the reverse", async () => {
    const user = await signUp(context.app);
    const asAccess = await hello(user.refresh);
    expect(asAccess.statusCode).toBe(401);
    expect(asAccess.json()).toMatchObject({ statusCode: 401, code: "token_not_valid", error: "Unauthorized" });
    expect((await refresh(user.access)).json().code).toBe("token_not_valid");
    // The session is untouched: the real refresh token still rotates.
    expect((await refresh(user.refresh)).statusCode).toBe(200);
  });

  it("refuses alg none, tampered, wrong-audience, wrong-issuer and unknown-kid tokens", async () => {
    const user = await signUp(context.app);
    const { header, payload } = decode(user.access);
    const forged = {
      none: `${b64({ alg: "none", typ: "at+jwt" })}.${b64(payload)}.`,
      tampered: `${user.access.split(".")[0]}.${b64({ ...payload, sub: "someone-else" })}.${user.access.split(".")[2]}`,
      wrongAudience: signEd25519(header, { ...payload, aud: "another-app" }),
      wrongIssuer: signEd25519(header, { ...payload, iss: "https://evil.example.com" }),
      noTyp: signEd25519({ alg: "EdDSA", kid: TEST_KEY.kid }, payload),
      jwtTyp: signEd25519({ ...header, typ: "JWT" }, payload),
      unknownKid: signEd25519({ ...header, kid: "intruder" }, payload, makeEd25519Key("intruder").privateKey),
      // The public key used as an HMAC secret: the classic algorithm-confusion forgery.
      hsWithPublicKey: (() => {
        const input = `${b64({ alg: "HS256", typ: "at+jwt", kid: TEST_KEY.kid })}.${b64(payload)}`;
        return `${input}.${createHmac("sha256", TEST_KEY.publicPem).update(input).digest("base64url")}`;
      })(),
      garbage: "not.a.token",
      empty: "",
    };
    for (const [name, token] of Object.entries(forged)) {
      const response = await hello(token);
      expect(response.statusCode, name).toBe(401);
      expect(response.json().code, name).toBe("token_not_valid");
    }
    // A correctly signed copy passes, so the refusals above are about the changes.
    expect((await hello(signEd25519(header, payload))).statusCode).toBe(200);
  });

  it("refuses a missing or non-Bearer Authorization header", async () => {
    const user = await signUp(context.app);
    expect((await context.app.inject({ method: "GET", url: "/hello" })).json().code).toBe("token_not_valid");
    const basic = await context.app.inject({ method: "GET", url: "/hello", headers: { authorization: `Basic ${user.access}` } });
    expect(basic.statusCode).toBe(401);
  });

  it("expires access tokens on time, even when their verification is cached", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const user = await signUp(context.app);
    expect((await hello(user.access)).statusCode).toBe(200);
    vi.setSystemTime(new Date("2030-01-01T00:04:59Z"));
    expect((await hello(user.access)).statusCode).toBe(200);
    vi.setSystemTime(new Date("2030-01-01T00:05:01Z"));
    expect((await hello(user.access)).statusCode).toBe(401);
  });

  it("refuses an expired refresh token", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const user = await signUp(context.app);
    vi.setSystemTime(new Date("2030-01-15T00:00:01Z"));
    expect((await refresh(user.refresh)).json().code).toBe("token_not_valid");
  });

  it("serves the signing key at /.well-known/jwks.json", async () => {
    const response = await context.app.inject({ method: "GET", url: "/.well-known/jwks.json" });
    expect(response.statusCode).toBe(200);
    const jwk = TEST_KEY.privateKey.export({ format: "jwk" });
    expect(response.json()).toEqual({ keys: [{ kty: "OKP", crv: "Ed25519", x: jwk.x, kid: TEST_KEY.kid, alg: "EdDSA", use: "sig" }] });
  });

  it("rotates keys: tokens of a retired key still verify, new tokens use the new key", async () => {
    const oldUser = await signUp(context.app);
    const next = makeEd25519Key("test-key-2");
    const rotated = await buildApp(
      context.database,
      testEnv({ JWT_PRIVATE_KEY: next.privatePem, JWT_KEY_ID: next.kid, JWT_PUBLIC_KEYS: JSON.stringify({ [TEST_KEY.kid]: TEST_KEY.publicPem }) }),
    );
    try {
      expect((await rotated.inject({ method: "GET", url: "/hello", headers: bearer(oldUser.access) })).statusCode).toBe(200);
      const refreshed = await rotated.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: oldUser.refresh } });
      expect(refreshed.statusCode).toBe(200);
      expect(decode(refreshed.json().access).header.kid).toBe(next.kid);
      const kids = (await rotated.inject({ method: "GET", url: "/.well-known/jwks.json" })).json().keys.map((key: { kid: string }) => key.kid);
      expect(kids.sort()).toEqual([TEST_KEY.kid, next.kid].sort());
      // Once the old key is dropped from JWT_PUBLIC_KEYS, its tokens stop working.
      const dropped = await buildApp(context.database, testEnv({ JWT_PRIVATE_KEY: next.privatePem, JWT_KEY_ID: next.kid }));
      expect((await dropped.inject({ method: "GET", url: "/hello", headers: bearer(oldUser.access) })).statusCode).toBe(401);
      await dropped.close();
    } finally {
      await rotated.close();
    }
  });

  it("works with HS256: no public keys, and EdDSA tokens are refused", async () => {
    const edUser = await signUp(context.app);
    const hs = await buildApp(context.database, testEnv({ JWT_ALGORITHM: "HS256", JWT_SECRET: "HS256 test secret, not for production: 9f2Kq7LmZx4Wb8Tn", JWT_PRIVATE_KEY: undefined }));
    try {
      expect((await hs.inject({ method: "GET", url: "/.well-known/jwks.json" })).json()).toEqual({ keys: [] });
      expect((await hs.inject({ method: "GET", url: "/hello", headers: bearer(edUser.access) })).statusCode).toBe(401);
      const user = await signUp(hs);
      expect(decode(user.access).header).toEqual({ alg: "HS256", typ: "at+jwt" });
      expect((await hs.inject({ method: "GET", url: "/hello", headers: bearer(user.access) })).statusCode).toBe(200);
      // The same secret with another algorithm is refused (pinned to HS256).
      const { payload } = decode(user.access);
      const hs512 = createSigner({ key: "HS256 test secret, not for production: 9f2Kq7LmZx4Wb8Tn", algorithm: "HS512", header: { alg: "HS512", typ: "at+jwt" } })(payload);
      expect((await hs.inject({ method: "GET", url: "/hello", headers: bearer(hs512) })).statusCode).toBe(401);
    } finally {
      await hs.close();
    }
  });
});
