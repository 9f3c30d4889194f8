// Rendering into a temporary folder and moving into place: the default template, a custom one
// that uses the documented context, and every refusal that must leave nothing behind.
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createContext, type ProjectContext } from "../../src/cli/context.js";
import { CliError } from "../../src/cli/errors.js";
import { outputPath, renderProject } from "../../src/cli/render.js";
import { DEFAULT_TEMPLATE_DIR } from "../../src/cli/utils/package-root.js";
import { answers, temporaryDirectory } from "./support.js";

let workspace: string;
beforeEach(async () => {
  workspace = await temporaryDirectory();
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

const contextFor = (overrides: Parameters<typeof answers>[0] = {}): ProjectContext =>
  createContext({ answers: answers(overrides), ownVersion: "0.1.0", env: {}, emailTemplateFiles: [] });

async function writeTemplate(files: Record<string, string>): Promise<string> {
  const dir = path.join(workspace, "template");
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

describe("outputPath", () => {
  it.each([
    ["src/app.ts.ejs", "src/app.ts"],
    ["_gitignore", ".gitignore"],
    ["_env.ejs", ".env"],
    ["_env.example.ejs", ".env.example"],
    ["nested/_npmrc", "nested/.npmrc"],
    ["_app.tsx", "_app.tsx"],
    ["logo.png", "logo.png"],
  ])("%s -> %s", (input, expected) => {
    expect(outputPath(input)).toBe(expected);
  });
});

describe("renderProject", () => {
  it("renders the default template for each provider", async () => {
    for (const db of ["sqlite", "postgresql"] as const) {
      const targetDir = path.join(workspace, db);
      const context = contextFor({ db, projectName: `shop-${db}` });
      await renderProject({ templateDir: DEFAULT_TEMPLATE_DIR, targetDir, context });
      const gitignore = await readFile(path.join(targetDir, ".gitignore"), "utf8");
      expect(gitignore).toMatch(/^\.env$/m);
      expect(await readFile(path.join(targetDir, "prisma/schema/schema.prisma"), "utf8")).toContain(`provider = "${db}"`);
      const env = await readFile(path.join(targetDir, ".env"), "utf8");
      expect(env).toContain(`JWT_KEY_ID=${context.jwtKeyId}`);
      expect(env).toContain(`DATABASE_URL="${context.defaultDatabaseUrl}"`);
      expect(await readFile(path.join(targetDir, ".env.example"), "utf8")).not.toContain(context.jwtKeyId);
      const pkg = JSON.parse(await readFile(path.join(targetDir, "package.json"), "utf8"));
      expect(pkg.dependencies["jwt-allauth"]).toBe("^0.1.0");
      expect(pkg.dependencies[db === "sqlite" ? "better-sqlite3" : "pg"]).toBeDefined();
      expect(pkg.dependencies[db === "sqlite" ? "pg" : "better-sqlite3"]).toBeUndefined();
      // vite 8.4.0 makes `npm ci` refuse the project's lock file (see dependency-versions.ts).
      expect(pkg.overrides).toEqual({ vite: "8.3.8" });
    }
    expect((await readdir(workspace)).sort()).toEqual(["postgresql", "sqlite"]);
  });

  it("lets pnpm build the native dependencies of a pnpm project", async () => {
    const targetDir = path.join(workspace, "pnpm");
    await renderProject({ templateDir: DEFAULT_TEMPLATE_DIR, targetDir, context: contextFor({ packageManager: "pnpm" }) });
    const pkg = JSON.parse(await readFile(path.join(targetDir, "package.json"), "utf8"));
    expect(pkg.pnpm.onlyBuiltDependencies).toEqual(["better-sqlite3", "prisma", "@prisma/engines", "esbuild"]);
    expect(await readFile(path.join(targetDir, "README.md"), "utf8")).toContain("pnpm exec prisma migrate dev");
  });

  it("renders a custom template with the documented context and copies other files as they are", async () => {
    const templateDir = await writeTemplate({
      "README.md.ejs": [
        "<%= projectName %>|<%= packageName %>|<%= db %>|<%= email %>|<%= packageManager %>",
        "<%= commands.install %>|<%= commands.exec %>|<%= commands.run %>|<%= defaultDatabaseUrl %>",
        "<%= jwtAllauthVersion %>|<%= jwtAllauthDependency %>|<%= versions.fastify %>|<%= jwtKeyId %>",
        "<%= Object.keys(emailTemplates).length %>|<%= jwtAllauthTemplates %>|<%= jwtPrivateKey.length > 0 %>",
      ].join("\n"),
      "_gitignore": "node_modules/\n",
      "raw.txt": "<%= left as it is %>",
      "bin/run.sh": "#!/bin/sh\n",
    });
    await chmod(path.join(templateDir, "bin/run.sh"), 0o755);
    const targetDir = path.join(workspace, "custom");
    const context = contextFor({ db: "postgresql", packageName: "@acme/custom", projectName: "custom" });
    await renderProject({ templateDir, targetDir, context });

    expect((await readFile(path.join(targetDir, "README.md"), "utf8")).split("\n")).toEqual([
      "custom|@acme/custom|postgresql|false|npm",
      "npm install|npx|npm run|postgresql://postgres@localhost:5432/custom",
      `0.1.0|^0.1.0|5.12.8|${context.jwtKeyId}`,
      "0||true",
    ]);
    expect(await readFile(path.join(targetDir, "raw.txt"), "utf8")).toBe("<%= left as it is %>");
    expect(await readFile(path.join(targetDir, ".gitignore"), "utf8")).toBe("node_modules/\n");
    expect((await stat(path.join(targetDir, "bin/run.sh"))).mode & 0o111).toBe(0o111);
  });

  it("copies verbatim directories (the default emails) without rendering them", async () => {
    const emails = await writeTemplate({ "welcome.html.ejs": "<%= link %>" });
    const templateDir = path.join(workspace, "project-template");
    await mkdir(templateDir);
    await writeFile(path.join(templateDir, "a.txt"), "a");
    const targetDir = path.join(workspace, "with-email");
    await renderProject({ templateDir, targetDir, context: contextFor(), copies: [{ from: emails, to: "templates/email" }] });
    expect(await readFile(path.join(targetDir, "templates/email/welcome.html.ejs"), "utf8")).toBe("<%= link %>");
  });

  it("gives the new project folder the usual permissions, not the private ones of its staging folder", async () => {
    const targetDir = path.join(workspace, "shared");
    await renderProject({ templateDir: DEFAULT_TEMPLATE_DIR, targetDir, context: contextFor() });
    const umask = process.umask();
    expect((await stat(targetDir)).mode & 0o777).toBe(0o777 & ~umask);
    // The file holding the project's private key is for its owner only.
    expect((await stat(path.join(targetDir, ".env"))).mode & 0o777).toBe(0o600);
  });

  it("fills an existing empty folder in place, so a shell inside it keeps working", async () => {
    const templateDir = await writeTemplate({ "a.txt": "a" });
    const targetDir = path.join(workspace, "here");
    await mkdir(targetDir);
    const { ino } = await stat(targetDir);
    await renderProject({ templateDir, targetDir, context: contextFor() });
    expect((await stat(targetDir)).ino).toBe(ino);
    expect(await readdir(targetDir)).toEqual(["a.txt"]);
    expect((await readdir(workspace)).sort()).toEqual(["here", "template"]);
  });

  it("moves into an existing folder that holds only .git", async () => {
    const templateDir = await writeTemplate({ "a.txt": "a" });
    const targetDir = path.join(workspace, "repo");
    await mkdir(path.join(targetDir, ".git"), { recursive: true });
    await renderProject({ templateDir, targetDir, context: contextFor() });
    expect((await readdir(targetDir)).sort()).toEqual([".git", "a.txt"]);
  });

  it("refuses a non-empty target and changes nothing", async () => {
    const templateDir = await writeTemplate({ "a.txt": "new" });
    const targetDir = path.join(workspace, "taken");
    await mkdir(targetDir);
    await writeFile(path.join(targetDir, "a.txt"), "mine");
    await expect(renderProject({ templateDir, targetDir, context: contextFor() })).rejects.toThrow(/already exists and is not empty/);
    expect(await readdir(targetDir)).toEqual(["a.txt"]);
    expect(await readFile(path.join(targetDir, "a.txt"), "utf8")).toBe("mine");
    expect((await readdir(workspace)).sort()).toEqual(["taken", "template"]);
  });

  it.each([
    ["missing", async () => path.join(workspace, "nope"), /cannot read template .*ENOENT/],
    ["empty", async () => mkdir(path.join(workspace, "empty")).then(() => path.join(workspace, "empty")), /has no files/],
    ["a file", async () => writeFile(path.join(workspace, "file"), "x").then(() => path.join(workspace, "file")), /not a directory/],
  ])("refuses a %s template and writes nothing", async (_label, makeTemplate, message) => {
    const templateDir = await makeTemplate();
    const before = await readdir(workspace);
    const targetDir = path.join(workspace, "deep/out");
    await expect(renderProject({ templateDir, targetDir, context: contextFor() })).rejects.toThrow(message);
    expect(await readdir(workspace)).toEqual(before);
  });

  it("leaves nothing behind when a file fails to render half way", async () => {
    const templateDir = await writeTemplate({ "a.txt.ejs": "<%= projectName %>", "b.txt.ejs": "<%= notInTheContext %>" });
    const before = await readdir(workspace);
    const error = await renderProject({ templateDir, targetDir: path.join(workspace, "new/project"), context: contextFor() }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe("cannot render b.txt.ejs: notInTheContext is not defined");
    expect(await readdir(workspace)).toEqual(before);
  });
});
