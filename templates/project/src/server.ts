// Starts the server: settings first (a bad one stops here, naming the variable), then the
// database, then the app. SIGINT/SIGTERM finish the requests in flight and close the database.
import { buildApp } from "./app.js";
import { connectDatabase } from "./db.js";
import { loadDotEnv, loadProjectSettings, type ProjectSettings } from "./settings.js";

/** How long in-flight requests get at shutdown before the process gives up (milliseconds). */
const SHUTDOWN_TIMEOUT_MS = 10_000;

loadDotEnv();
let settings: ProjectSettings;
try {
  settings = loadProjectSettings(process.env);
} catch (error) {
  console.error(`Invalid settings: ${(error as Error).message}`);
  process.exit(1);
}

const prisma = await connectDatabase(settings.databaseUrl);
let app: Awaited<ReturnType<typeof buildApp>>;
try {
  app = await buildApp({ settings, prisma });
} catch (error) {
  // A database that was never migrated: one line that says which command to run.
  if ((error as { code?: string }).code !== "schema_not_migrated") throw error;
  console.error((error as Error).message);
  await prisma.$disconnect();
  process.exit(1);
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

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void shutdown(signal));
}

await app.listen({ host: settings.host, port: settings.port });
