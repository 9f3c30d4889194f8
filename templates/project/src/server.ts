// Starts the server: settings first (a bad one stops here, naming the variable), then the
// database, then the app. A mistake in any of them is one line on stderr, never a stack trace.
// SIGINT/SIGTERM finish the requests in flight and close the database.
import type { AddressInfo } from "node:net";
import { buildApp } from "./app.js";
import { connectDatabase } from "./db.js";
import { loadDotEnv, loadProjectSettings, type ProjectSettings } from "./settings.js";
import { describeDatabaseError, describeListenError } from "./startup-errors.js";

/** How long in-flight requests get at shutdown before the process gives up (milliseconds). */
const SHUTDOWN_TIMEOUT_MS = 10_000;

function stop(line: string): never {
  console.error(line);
  process.exit(1);
}

loadDotEnv();
let settings: ProjectSettings;
try {
  settings = loadProjectSettings(process.env);
} catch (error) {
  stop(`Invalid settings: ${(error as Error).message}`);
}

const prisma = await connectDatabase(settings.databaseUrl).catch((error: unknown) => stop(describeDatabaseError(error, settings.databaseUrl)));
let app: Awaited<ReturnType<typeof buildApp>>;
try {
  app = await buildApp({ settings, prisma });
} catch (error) {
  // A database that was never migrated: one line that says which command to run.
  if ((error as { code?: string }).code !== "schema_not_migrated") throw error;
  await prisma.$disconnect();
  stop((error as Error).message);
}

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  app.log.info({ signal }, "shutting down");
  // A stuck connection must not keep a stopped container alive forever.
  setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
  // A keep-alive connection whose request was in flight when closing began stays open after its
  // answer, and app.close() would wait for it until the timeout above: close each once idle.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  await app.close();
  clearInterval(sweep);
  await prisma.$disconnect();
  app.log.info("stopped: requests in flight answered, database closed");
}

// The same stop often arrives twice: Ctrl-C (or a supervisor) signals the whole process group,
// and `npm start` / `npm run dev` also forward the signal they got. With a one-shot listener the
// second copy would kill the process mid-shutdown; SHUTDOWN_TIMEOUT_MS bounds a stuck one instead.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void shutdown(signal);
  });
}

try {
  await app.listen({ host: settings.host, port: settings.port });
} catch (error) {
  const line = describeListenError(error, settings);
  if (!line) throw error;
  await prisma.$disconnect();
  stop(line);
}
// 0.0.0.0 and :: listen everywhere but are no address to open in a browser.
const host = ["0.0.0.0", "::"].includes(settings.host) ? "localhost" : settings.host;
const url = `http://${host.includes(":") ? `[${host}]` : host}:${(app.server.address() as AddressInfo).port}`;
app.log.info(`API listening on ${url}: documentation at ${url}/docs, health at ${url}/health`);
