// The benchmarked server: a real Fastify app with the plugin on a fresh SQLite database (WAL), an
// unprotected and a protected route, and 1,000 seeded users sharing one password. Run by
// bench/run.ts in its own process; prints `listening <port>` when ready.
import { hash } from "@node-rs/argon2";
import Fastify from "fastify";
import jwtAllauth, { loadSettings } from "../src/runtime/index.js";
import { ARGON2_PARAMS } from "../src/runtime/passwords.js";
import { createTestDatabase } from "../test/support/databases.js";
import { benchEmail, PASSWORD, USERS } from "./fixtures.js";

const database = await createTestDatabase("sqlite");
const passwordHash = await hash(PASSWORD, ARGON2_PARAMS);
await database.prisma.user.createMany({ data: Array.from({ length: USERS }, (_, i) => ({ email: benchEmail(i), passwordHash })) });

const app = Fastify({ logger: false });
await app.register(jwtAllauth, { prisma: database.prisma, settings: loadSettings({ ...process.env, RATE_LIMIT: "false" }) });
app.get("/open", async () => ({ hello: "world" }));
app.get("/protected", { preHandler: app.authenticate }, async () => ({ hello: "world" }));
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);

const shutdown = async () => {
  await app.close();
  await database.drop();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
