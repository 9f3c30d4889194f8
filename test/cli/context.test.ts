import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createContext, defaultDatabaseUrl } from "../../src/cli/context.js";
import { DEPENDENCY_VERSIONS } from "../../src/cli/dependency-versions.js";
import { jwkThumbprint } from "../../src/cli/utils/generate-signing-key.js";
import { answers } from "./support.js";

const EMAIL_FILES = [
  "_header.html.ejs",
  "password-reset-subject.txt.ejs",
  "password-reset.html.ejs",
  "password-reset.txt.ejs",
  "email-verification-subject.txt.ejs",
  "email-verification.html.ejs",
  "email-verification.txt.ejs",
];

const context = (overrides: Parameters<typeof answers>[0] = {}, env: Record<string, string> = {}) =>
  createContext({ answers: answers(overrides), ownVersion: "0.1.0", env, emailTemplateFiles: EMAIL_FILES });

describe("createContext", () => {
  it("generates a new signing key every time", () => {
    const first = context();
    const second = context();
    expect(first.jwtPrivateKey).not.toBe(second.jwtPrivateKey);
    expect(first.jwtKeyId).not.toBe(second.jwtKeyId);
  });

  it("writes a one-line Ed25519 PKCS#8 key whose RFC 7638 thumbprint is the key id", () => {
    const { jwtPrivateKey, jwtKeyId } = context();
    expect(jwtPrivateKey).not.toContain("\n");
    const privateKey = createPrivateKey(jwtPrivateKey.replace(/\\n/g, "\n"));
    expect(privateKey.asymmetricKeyType).toBe("ed25519");
    const publicKey = createPublicKey(privateKey);
    expect(jwtKeyId).toBe(jwkThumbprint(publicKey));
    // The pair works: what the private key signs, the public key verifies.
    const signature = sign(null, Buffer.from("payload"), privateKey);
    expect(verify(null, Buffer.from("payload"), publicKey, signature)).toBe(true);
  });

  it("computes the thumbprint of RFC 8037's example key as the RFC does", () => {
    // RFC 8037 appendix A.2 / A.3: Ed25519 public key and its JWK thumbprint.
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
      format: "jwk",
    });
    expect(jwkThumbprint(publicKey)).toBe("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    expect(jwkThumbprint(generateKeyPairSync("ed25519").publicKey)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("depends on our own version unless JWT_ALLAUTH_DEPENDENCY_SPEC says otherwise", () => {
    expect(context().jwtAllauthDependency).toBe("^0.1.0");
    const spec = "file:/tmp/jwt-allauth-0.1.0.tgz";
    expect(context({}, { JWT_ALLAUTH_DEPENDENCY_SPEC: spec }).jwtAllauthDependency).toBe(spec);
  });

  it("derives the default database URL from the provider and the project name", () => {
    expect(defaultDatabaseUrl("sqlite", "my-api")).toBe("file:./dev.db");
    expect(defaultDatabaseUrl("postgresql", "my-api.v2")).toBe("postgresql://postgres@localhost:5432/my_api_v2");
    expect(context({ db: "postgresql", projectName: "shop-auth" }).defaultDatabaseUrl).toBe(
      "postgresql://postgres@localhost:5432/shop_auth",
    );
  });

  it("points JWT_ALLAUTH_TEMPLATES at the copied emails only with --email", () => {
    expect(context().jwtAllauthTemplates).toBe("");
    const withEmail = context({ email: true });
    expect(JSON.parse(withEmail.jwtAllauthTemplates)).toEqual({
      PASS_RESET_SUBJECT: "templates/email/password-reset-subject.txt.ejs",
      PASS_RESET_EMAIL: "templates/email/password-reset.html.ejs",
      EMAIL_VERIFICATION_SUBJECT: "templates/email/email-verification-subject.txt.ejs",
      EMAIL_VERIFICATION: "templates/email/email-verification.html.ejs",
    });
  });

  it("is frozen, with the pinned versions and the package manager's commands", () => {
    const ctx = context({ packageManager: "pnpm" });
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(Object.isFrozen(ctx.commands)).toBe(true);
    expect(() => Object.assign(ctx, { db: "postgresql" })).toThrow(TypeError);
    expect(ctx.versions).toBe(DEPENDENCY_VERSIONS);
    expect(ctx.versions.fastify).toBe("5.12.8");
    expect(ctx.commands).toEqual({ install: "pnpm install", exec: "pnpm exec", run: "pnpm run" });
  });

  it("pins one Prisma release for the CLI, the client and both adapters (a mismatched pair warns at generate)", () => {
    const prisma = ["prisma", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"] as const;
    expect(new Set(prisma.map((name) => DEPENDENCY_VERSIONS[name])).size).toBe(1);
  });
});
