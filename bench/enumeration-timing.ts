// Can an attacker tell from timing whether an address has an account? (issue 8, item 6). A
// password reset answers the same for every address, but the email work that follows ran on the
// event loop and slowed the NEXT request when the account was real. This measures that over many
// samples, real and unknown addresses in random order, each on a quiet server: after each reset,
// probe requests back to back for a whole window (longer than the outbox's random delay), and
// compare (1) the first probe, "the next request", and (2) the slowest probe of the window, which
// catches the email work wherever in the window it lands. Statistics, not a timing test.
//
//   npm run bench:timing [-- --samples 120]
//
// The server runs in a child process (this file with --server) against a real SMTP capture server
// in this process, as in production: nodemailer, rendering and SQLite all on the server's loop.
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { startTestSmtpServer } from "../test/email/support/smtp-server.js";

const REAL = "someone@example.com";
/** Probing lasts this long after each reset: past OUTBOX_DELAY_MS.max plus the email work. */
const WINDOW_MS = 1_300;
const SETTLE_MS = 50;

async function serve(): Promise<void> {
  const { default: Fastify } = await import("fastify");
  const { default: jwtAllauth, loadSettings } = await import("../src/runtime/index.js");
  const { createTestDatabase } = await import("../test/support/databases.js");
  const database = await createTestDatabase("sqlite");
  await database.prisma.user.create({ data: { email: REAL, passwordHash: "not used here", emailVerified: true } });
  const app = Fastify({ logger: false });
  const settings = loadSettings({ ...process.env, RATE_LIMIT: "false", EMAIL_HOST: "127.0.0.1", JWT_ALGORITHM: "HS256", JWT_SECRET: "bench secret: 8Yk2mQ9vLr4Tx7Wp3Nz6Bc1Hd5Fg0Js" });
  await app.register(jwtAllauth, { prisma: database.prisma, settings });
  await app.listen({ port: 0, host: "127.0.0.1" });
  process.send!({ port: (app.server.address() as { port: number }).port });
  process.on("disconnect", () => void app.close().then(() => database.drop()).then(() => process.exit(0)));
}

async function measure(samples: number): Promise<void> {
  const smtp = await startTestSmtpServer();
  const server = fork(fileURLToPath(import.meta.url), ["--server"], { env: { ...process.env, EMAIL_PORT: String(smtp.port) }, execArgv: process.execArgv });
  const [{ port }] = (await once(server, "message")) as [{ port: number }];
  const base = `http://127.0.0.1:${port}/jwt-allauth`;
  const reset = (email: string) =>
    fetch(`${base}/password/reset/`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }) }).then((r) => r.text());
  // The probe: any cheap request right after the answer (another reset, for an unknown address).
  const probe = async () => {
    const start = performance.now();
    await reset("probe@example.com");
    return performance.now() - start;
  };

  for (let i = 0; i < 20; i++) await reset(i % 2 ? REAL : `warmup${i}@example.com`); // JIT, connections, templates
  await pause(WINDOW_MS);
  const next = { real: [] as number[], unknown: [] as number[] };
  const slowest = { real: [] as number[], unknown: [] as number[] };
  for (let i = 0; i < samples * 2; i++) {
    const kind = Math.random() < 0.5 ? "real" : "unknown";
    await reset(kind === "real" ? REAL : `nobody${i}@example.com`);
    const end = performance.now() + WINDOW_MS;
    const probes = [await probe()];
    while (performance.now() < end) probes.push(await probe());
    next[kind].push(probes[0]!);
    slowest[kind].push(Math.max(...probes));
    await pause(SETTLE_MS);
  }
  await stop(server);
  await smtp.close();
  console.log(`${samples * 2} password resets, ${smtp.messages.length} emails sent (20 in the warm-up)\n`);
  report("the next request after the reset", next.real, next.unknown);
  report(`the slowest request within ${WINDOW_MS} ms after the reset`, slowest.real, slowest.unknown);
}

function report(what: string, real: number[], unknown: number[]): void {
  const auc = probabilityOfSuperiority(real, unknown);
  const n1 = real.length;
  const n2 = unknown.length;
  // Mann-Whitney U, normal approximation: how many standard deviations from "no difference".
  const z = (auc * n1 * n2 - (n1 * n2) / 2) / Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
  const line = (name: string, values: number[]) =>
    `${name.padEnd(9)} n=${String(values.length).padStart(4)}  median ${median(values).toFixed(2)} ms  p90 ${quantile(values, 0.9).toFixed(2)} ms`;
  console.log(`${what}:`);
  console.log(line("real", real));
  console.log(line("unknown", unknown));
  console.log(`median ratio real/unknown: ${(median(real) / median(unknown)).toFixed(2)}`);
  console.log(`P(real probe slower than unknown probe): ${auc.toFixed(3)} (0.5 = indistinguishable), Mann-Whitney z = ${z.toFixed(2)}`);
  console.log(`blind guess from 3 samples, right in ${(100 * guessAccuracy(real, unknown, 3)).toFixed(1)}% of 10,000 trials (50% = chance)\n`);
}

/** P(a random real sample > a random unknown one), ties counting half: the AUC, U / (n1 n2). */
function probabilityOfSuperiority(a: number[], b: number[]): number {
  let wins = 0;
  for (const x of a) for (const y of b) wins += x > y ? 1 : x === y ? 0.5 : 0;
  return wins / (a.length * b.length);
}

/** An attacker who knows both distributions' pooled median guesses "real" when the median of k probes is above it. */
function guessAccuracy(real: number[], unknown: number[], k: number): number {
  const threshold = median([...real, ...unknown]);
  const pick = (values: number[]) => median(Array.from({ length: k }, () => values[Math.floor(Math.random() * values.length)]!));
  let right = 0;
  for (let i = 0; i < 10_000; i++) {
    const isReal = Math.random() < 0.5;
    right += (pick(isReal ? real : unknown) > threshold) === isReal ? 1 : 0;
  }
  return right / 10_000;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const median = (values: number[]) => quantile(values, 0.5);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stop(child: ChildProcess): Promise<void> {
  const exited = once(child, "exit");
  child.disconnect();
  await exited;
}

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (process.argv.includes("--server")) await serve();
else await measure(Number(argValue("--samples") ?? 120));
