// HTTP as a client sees it, through the load balancer or straight to one instance. Each client
// has its own address in X-Forwarded-For (a loopback address: a header value, never a target), so
// per-IP rate limits see many clients, as in production.
import { randomBytes } from "node:crypto";

export interface Tokens {
  access: string;
  refresh: string;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  /** The HAProxy backend that answered (X-Instance), or "" when an instance was called directly. */
  instance: string;
}

export const PASSWORD = "a long enough passphrase";

let counter = 0;
/** A distinct client address for X-Forwarded-For (127.0.0.0/8, which the instances do not trust as a proxy). */
export function clientIp(): string {
  counter++;
  return `127.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${(counter & 255) || 1}`;
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}@example.com`;
}

export async function call<T = Record<string, unknown>>(base: string, method: string, url: string, options: { body?: object; access?: string; ip?: string; signal?: AbortSignal } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? clientIp() };
  if (options.body) headers["content-type"] = "application/json";
  if (options.access) headers.authorization = `Bearer ${options.access}`;
  const response = await fetch(`${base}${url}`, { method, headers, body: options.body ? JSON.stringify(options.body) : undefined, signal: options.signal });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, instance: response.headers.get("x-instance") ?? "" };
}

export const post = <T = Record<string, unknown>>(base: string, url: string, body: object, ip?: string) => call<T>(base, "POST", `/jwt-allauth${url}`, { body, ip });

/** Registers a new account (verification optional: tokens at once) and returns its email and tokens. */
export async function register(base: string, ip?: string): Promise<Tokens & { email: string; userId: string }> {
  const email = uniqueEmail();
  const answer = await post<Tokens & { user: { id: string } }>(base, "/registration/", { email, password: PASSWORD }, ip);
  if (answer.status !== 201) throw new Error(`registration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return { email, userId: answer.body.user.id, access: answer.body.access, refresh: answer.body.refresh };
}

export const refresh = (base: string, token: string, ip?: string) => post<Tokens>(base, "/refresh/", { refresh: token }, ip);
export const hello = (base: string, access: string) => call(base, "GET", "/hello", { access });
