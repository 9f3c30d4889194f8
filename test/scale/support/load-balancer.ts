// A real load balancer in front of the instances: HAProxy from Debian, round-robin, health checks
// on /health (a dead instance leaves the rotation within about half a second) and X-Forwarded-For,
// which the instances trust from 127.0.0.1 only (TRUST_PROXY), as in production.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { waitForPort } from "./private-redis.js";
import { startProcess, stopProcess } from "./processes.js";

export interface LoadBalancer {
  url: string;
  stop(): Promise<void>;
}

export async function startLoadBalancer(port: number, backends: number[]): Promise<LoadBalancer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "jwt-allauth-haproxy-"));
  const config = path.join(dir, "haproxy.cfg");
  await writeFile(config, haproxyConfig(port, backends));
  // -db: stay in the foreground, in our process group, so it is stopped with the test.
  // Debian installs it in /usr/sbin, which a non-root PATH may lack.
  const haproxy = existsSync("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";
  const { child, output } = startProcess(haproxy, ["-db", "-f", config]);
  await waitForPort(port, 100).catch((error: Error) => {
    throw new Error(`HAProxy did not start (is it installed? apt-get install haproxy): ${error.message}\n${output.join("")}`);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await stopProcess(child, "SIGKILL");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function haproxyConfig(port: number, backends: number[]): string {
  const servers = backends.map((backend, index) => `  server app${index + 1} 127.0.0.1:${backend} check inter 200ms fall 2 rise 1`);
  return [
    "global",
    "  maxconn 4096",
    "defaults",
    "  mode http",
    "  timeout connect 1s",
    "  timeout client 30s",
    "  timeout server 30s",
    // A refused connection (an instance that just died) is retried on another instance. Only the
    // connection is retried, never a request that reached an instance: POST is not idempotent.
    "  retries 3",
    "  option redispatch",
    "  option forwardfor",
    "frontend auth",
    `  bind 127.0.0.1:${port}`,
    "  default_backend instances",
    "backend instances",
    "  balance roundrobin",
    "  option httpchk GET /health",
    // Which instance answered, so tests can see the requests spread over all of them.
    "  http-response set-header X-Instance %s",
    ...servers,
    "",
  ].join("\n");
}
