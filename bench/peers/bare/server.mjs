// The limit of `npm run bench`: one Fastify route and nothing else, on the same Fastify version.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", async () => ({ status: "ok" }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.on("SIGTERM", () => app.close().then(() => process.exit(0)));
