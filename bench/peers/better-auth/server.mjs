// The better-auth peer of `npm run bench`: Fastify + better-auth (email and password, its defaults:
// scrypt, a database read per getSession) on SQLite (WAL) or PostgreSQL, as its Fastify guide
// wires it. Seeds BENCH_USERS users sharing one password, then prints `listening <port>`.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { fromNodeHeaders } from "better-auth/node";
import Fastify from "fastify";
import pg from "pg";

const { BENCH_DB, DATABASE_URL, BENCH_USERS = "1000", BENCH_PASSWORD, PORT = "0" } = process.env;
const postgres = BENCH_DB === "postgresql";
const database = postgres ? new pg.Pool({ connectionString: DATABASE_URL }) : new Database(DATABASE_URL);
if (!postgres) database.pragma("journal_mode = WAL");

const auth = betterAuth({
  database,
  secret: "benchmark-secret-of-sufficient-length-0123456789",
  baseURL: "http://127.0.0.1",
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  logger: { disabled: true },
});
await (await getMigrations(auth.options)).runMigrations();
await seed(Number(BENCH_USERS));

const app = Fastify({ logger: false });
app.route({
  method: ["GET", "POST"],
  url: "/api/auth/*",
  async handler(request, reply) {
    const response = await auth.handler(
      new Request(new URL(request.url, "http://127.0.0.1"), {
        method: request.method,
        headers: fromNodeHeaders(request.headers),
        body: request.body ? JSON.stringify(request.body) : undefined,
      }),
    );
    reply.status(response.status);
    response.headers.forEach((value, key) => reply.header(key, value));
    return reply.send(response.body ? await response.text() : null);
  },
});
// The protected route: better-auth's getSession (cookie, then the session and user from the database).
app.get("/session", async (request, reply) => {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
  if (!session) return reply.code(401).send({ error: "unauthorized" });
  return { userId: session.user.id };
});
app.get("/health", async () => ({ status: "ok" }));
await app.listen({ port: Number(PORT), host: "127.0.0.1" });
process.stdout.write(`listening ${app.server.address().port}\n`);
process.on("SIGTERM", () => app.close().then(() => process.exit(0)));

/** One sign-up through the API (a real scrypt hash), then copies of its rows: seeding N scrypt hashes would take minutes. */
async function seed(count) {
  await auth.api.signUpEmail({ body: { email: "bench0@example.com", password: BENCH_PASSWORD, name: "bench" } });
  const numbered = (sql) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const run = postgres ? (sql, values) => database.query(numbered(sql), values) : (sql, values) => database.prepare(sql).run(...values);
  for (let i = 1; i < count; i++) {
    const userId = randomUUID();
    await run('INSERT INTO "user" ("id", "name", "email", "emailVerified", "createdAt", "updatedAt") SELECT ?, "name", ?, "emailVerified", "createdAt", "updatedAt" FROM "user" WHERE "email" = ?', [userId, `bench${i}@example.com`, "bench0@example.com"]);
    await run('INSERT INTO "account" ("id", "accountId", "providerId", "userId", "password", "createdAt", "updatedAt") SELECT ?, ?, "providerId", ?, "password", "createdAt", "updatedAt" FROM "account" WHERE "providerId" = ? LIMIT 1', [randomUUID(), userId, userId, "credential"]);
  }
}
