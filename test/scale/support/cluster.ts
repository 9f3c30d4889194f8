// The production shape the generated README describes, on loopback: several instances of one
// generated project started with `npm start`, behind HAProxy, on one PostgreSQL and one Redis
// (both private, so faults can be injected), with a real SMTP capture server.
import { execa } from "execa";
import { startTestSmtpServer, type TestSmtpServer } from "../../email/support/smtp-server.js";
import { freePort, NO_ENGINE, PRISMA_OFFLINE } from "../../e2e/support/project.js";
import { installedProject } from "./installed-project.js";
import { startInstance, type Instance } from "./instances.js";
import { startLoadBalancer, type LoadBalancer } from "./load-balancer.js";
import { startPrivatePostgres, type PrivatePostgres } from "./private-postgres.js";
import { startPrivateRedis, type PrivateRedis } from "./private-redis.js";

export const DATABASE = "app";
/** Short, so the tests can step past it; the default is 10 s. */
export const GRACE_PERIOD_MS = 3_000;

export interface Cluster {
  project: string;
  url: string;
  instances: Instance[];
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  /** Replace it to bring a "down" SMTP server back on the same port; stop() closes the current one. */
  smtp: TestSmtpServer;
  /** Rows of the app's database. */
  query<T = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startCluster({ instances = 3, env = {} }: { instances?: number; env?: Record<string, string> } = {}): Promise<Cluster> {
  const project = await installedProject();
  const stoppers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => {});
  };
  try {
    const postgres = await startPrivatePostgres();
    stoppers.push(() => postgres.destroy());
    await postgres.query("postgres", `CREATE DATABASE ${DATABASE}`);
    const databaseUrl = postgres.url(DATABASE);
    await execa(PRISMA_OFFLINE, ["migrate", "deploy"], { cwd: project, env: { PRISMA_SCHEMA_ENGINE_BINARY: NO_ENGINE, DATABASE_URL: databaseUrl } });
    const redis = await startPrivateRedis();
    stoppers.push(() => redis.stop());
    const smtp = await startTestSmtpServer();
    const current = { smtp };
    stoppers.push(() => current.smtp.close());
    const lbPort = await freePort();
    const instanceEnv = {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      // Production requires an https PUBLIC_URL: TLS ends in front of the balancer in a real
      // deployment. Here HAProxy speaks plain http on that port, so a test that follows an
      // emailed link swaps the scheme back to http.
      PUBLIC_URL: `https://127.0.0.1:${lbPort}`,
      LOG_LEVEL: "warn",
      // Only HAProxy on loopback may say who the client is.
      TRUST_PROXY: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      JWT_ACCESS_SESSION_CHECK: "true",
      JWT_REFRESH_GRACE_PERIOD: `${GRACE_PERIOD_MS / 1000}s`,
      EMAIL_VERIFICATION: "optional",
      EMAIL_HOST: "127.0.0.1",
      EMAIL_PORT: String(smtp.port),
      ...env,
    };
    const started = await Promise.all(Array.from({ length: instances }, () => startInstance(project, instanceEnv)));
    stoppers.push(() => Promise.all(started.map((instance) => instance.kill("SIGKILL"))));
    const balancer: LoadBalancer = await startLoadBalancer(lbPort, started.map((instance) => instance.port));
    stoppers.push(() => balancer.stop());
    return {
      project,
      url: balancer.url,
      instances: started,
      postgres,
      redis,
      get smtp() {
        return current.smtp;
      },
      set smtp(server) {
        current.smtp = server;
      },
      query: async <T>(sql: string, values?: unknown[]) => (await postgres.query(DATABASE, sql, values)).rows as T[],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
