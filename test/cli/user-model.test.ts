// The contact points `add` and `upgrade` edit in the user's own files: relation fields on
// `model User` and feature names in JWT_ALLAUTH_FEATURES. What cannot be merged is refused.
import { describe, expect, it } from "vitest";
import { appendMissing, enableFeature } from "../../src/cli/env-file.js";
import { addUserFields, assertNoModelClash } from "../../src/cli/user-model.js";

const USER = `// mine
model User {
  id    String @id
  notes Note[]
}

model Note {
  id String @id
}
`;

describe("addUserFields", () => {
  it("adds the missing fields before the closing brace of model User, leaving the rest as it is", () => {
    const [file] = addUserFields([{ path: "prisma/schema/user.prisma", content: USER }], ["notes Note[]", "mfaFactors MfaFactor[]"]);
    expect(file!.content).toBe(USER.replace("  notes Note[]\n}", "  notes Note[]\n  mfaFactors MfaFactor[]\n}"));
  });

  it("accepts a field already there with the same type, whatever its spacing", () => {
    const files = [{ path: "a.prisma", content: USER }];
    expect(addUserFields(files, ["notes   Note[]"])[0]!.content).toBe(USER);
  });

  it("refuses a field of the same name with another type", () => {
    expect(() => addUserFields([{ path: "a.prisma", content: USER }], ["notes String"])).toThrow(
      'a.prisma: User.notes exists but is not "notes String"; rename yours first',
    );
  });

  it("refuses when model User is not found exactly once", () => {
    const none = [{ path: "a.prisma", content: "model Note {\n  id String @id\n}\n" }];
    expect(() => addUserFields(none, ["mfaFactors MfaFactor[]"])).toThrow('expected one "model User {" in prisma/schema/*.prisma, found 0');
    const two = [{ path: "a.prisma", content: USER }, { path: "b.prisma", content: USER }];
    expect(() => addUserFields(two, ["mfaFactors MfaFactor[]"])).toThrow("found 2");
  });
});

describe("assertNoModelClash", () => {
  it("names the user's file holding a model the package needs", () => {
    expect(() => assertNoModelClash([{ path: "a.prisma", content: USER }], ["Note"])).toThrow("a.prisma already has a model Note");
    expect(() => assertNoModelClash([{ path: "a.prisma", content: USER }], ["Notebook"])).not.toThrow();
  });
});

describe(".env editing", () => {
  it("adds a feature to JWT_ALLAUTH_FEATURES, quoted or not, once", () => {
    expect(enableFeature("A=1\nJWT_ALLAUTH_FEATURES=\nB=2\n", "x")).toBe("A=1\nJWT_ALLAUTH_FEATURES=x\nB=2\n");
    expect(enableFeature('JWT_ALLAUTH_FEATURES="a, b"\n', "x")).toBe("JWT_ALLAUTH_FEATURES=a,b,x\n");
    expect(enableFeature("JWT_ALLAUTH_FEATURES=x\n", "x")).toBe("JWT_ALLAUTH_FEATURES=x\n");
    expect(enableFeature("A=1", "x")).toBe("A=1\n\n# Features of jwt-allauth that run (comma-separated).\nJWT_ALLAUTH_FEATURES=x\n");
  });

  it("appends only the variables not set yet, never replacing a value", () => {
    const entries = [
      { name: "RATE_LIMIT", value: "true", comment: "limits" },
      { name: "NEW_ONE", value: "1", comment: "new" },
    ];
    expect(appendMissing("export RATE_LIMIT=false\n", "x (jwt-allauth add)", entries, ".env")).toBe("export RATE_LIMIT=false\n\n# x (jwt-allauth add)\n# new\nNEW_ONE=1\n");
    expect(appendMissing("RATE_LIMIT=false\nNEW_ONE=2\n", "x", entries, ".env")).toBe("RATE_LIMIT=false\nNEW_ONE=2\n");
  });

  it("writes a generated secret into .env only, fresh each time; .env.example gets the placeholder", () => {
    let made = 0;
    const entries = [{ name: "SECRET_KEY", value: "", comment: "secret", generate: () => `s${++made}` }];
    expect(appendMissing("", "x", entries, ".env")).toContain("SECRET_KEY=s1\n");
    expect(appendMissing("", "x", entries, ".env")).toContain("SECRET_KEY=s2\n");
    expect(appendMissing("", "x", entries, ".env.example")).toContain("SECRET_KEY=\n");
    expect(made).toBe(2);
  });
});
