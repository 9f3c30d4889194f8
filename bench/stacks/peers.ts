// The peers, started from bench/peers/: a bare Fastify route (the limit), Fastify + better-auth
// (its own package.json, installed here on first use), and Django REST framework + simplejwt
// from Debian's packages, served by gunicorn with one worker per core.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import type { BenchDatabases } from "../support/databases.js";
import { startServer } from "../support/servers.js";
import { PASSWORD, USERS } from "../fixtures.js";
import { tokenPair, type Stack } from "./stack.js";

const PEERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../peers");
/** Debian's Python, where apt installed Django (a pyenv or venv python3 earlier on PATH would lack it). */
const DEBIAN_PYTHON = "/usr/bin/python3";
const json = (body: object) => JSON.stringify(body);

export const bareStack: Stack = {
  name: "bare",
  start: () => startServer({ name: "bare", command: process.execPath, args: ["server.mjs"], cwd: path.join(PEERS, "bare"), env: {}, readyPath: "/" }),
};

export function betterAuthStack(databases: BenchDatabases): Stack {
  const cwd = path.join(PEERS, "better-auth");
  return {
    name: "better-auth",
    async start(provider) {
      if (!existsSync(path.join(cwd, "node_modules/better-auth"))) await execa("npm", ["ci", "--no-audit", "--no-fund"], { cwd });
      const database = await databases.create(provider, "better_auth");
      const env = { BENCH_DB: provider, DATABASE_URL: database.location, BENCH_USERS: String(USERS), BENCH_PASSWORD: PASSWORD };
      return startServer({ name: "better-auth", command: process.execPath, args: ["server.mjs"], cwd, env, readyPath: "/health" });
    },
    login: {
      path: "/api/auth/sign-in/email",
      body: ({ email, password }) => json({ email, password }),
      read(status, _body, headers) {
        const cookie = [headers["set-cookie"] ?? []].flat().find((value) => value.startsWith("better-auth.session_token="));
        return status === 200 && cookie ? { cookie: cookie.split(";")[0] } : null;
      },
    },
  };
}

export function djangoStack(databases: BenchDatabases): Stack {
  const cwd = path.join(PEERS, "django");
  return {
    name: "django",
    async start(provider) {
      const database = await databases.create(provider, "django");
      const env = { BENCH_DB: provider, BENCH_SQLITE_FILE: database.location, BENCH_PG_NAME: new URL(database.location, "file:").pathname.slice(1), PYTHONDONTWRITEBYTECODE: "1" };
      await execa(DEBIAN_PYTHON, ["manage.py", "migrate", "--verbosity", "0"], { cwd, env });
      await execa(DEBIAN_PYTHON, ["seed.py", String(USERS), PASSWORD], { cwd, env });
      // gthread: keep-alive connections, as autocannon (and a proxy in front) uses them.
      const args = ["benchsite.wsgi", "--bind", "127.0.0.1:$PORT", "--workers", String(availableParallelism()), "--worker-class", "gthread", "--threads", "4"];
      return startServer({ name: "django", command: "sh", args: ["-c", `exec gunicorn ${args.join(" ")}`], cwd, env, readyPath: "/health" });
    },
    login: {
      path: "/token/",
      body: ({ email, password }) => json({ username: email, password }),
      read: tokenPair,
    },
    refresh: {
      path: "/token/refresh/",
      body: ({ refresh }) => json({ refresh }),
      read: tokenPair,
    },
  };
}
