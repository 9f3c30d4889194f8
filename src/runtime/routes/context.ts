// What every route module receives, and how it adds a route.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteGenericInterface, RouteOptions } from "fastify";
import type { Services } from "../services.js";
import type { SignIn } from "../sign-in.js";
import type { Reauthenticator } from "../reauthenticator.js";
import type { RefreshTransport } from "./refresh-transport.js";
import type { RateLimits } from "./rate-limits.js";
import { RESPONSE_DESCRIPTIONS } from "./schemas.js";

export type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface RouteContext {
  services: Services;
  /** The `app.authenticate` preHandler. */
  authenticate: FastifyInstance["authenticate"];
  /** preHandler after `authenticate` on sensitive actions: 401 reauthentication_required (step-up). */
  requireRecentAuth: FastifyInstance["authenticate"];
  /** The ways POST /reauthenticate/ accepts besides the password (features add theirs: an MFA code). */
  reauthenticators: readonly Reauthenticator[];
  limits: RateLimits;
  refreshTransport: RefreshTransport;
  /** The one path from a proven first factor to a device session (features may add a challenge). */
  signIn: SignIn;
}

export type RouteModule = (app: FastifyInstance, context: RouteContext) => void;

/**
 * Registers the route at its documented path (`/login/`) and, hidden from OpenAPI, without the
 * trailing slash: the slash is optional without touching the app's router options.
 */
export interface RouteDefinition<Generic extends RouteGenericInterface> extends Omit<RouteOptions, "handler" | "schema"> {
  /** tags and summary feed the project's OpenAPI document (@fastify/swagger). */
  schema: FastifySchema & { tags: string[]; summary: string; description?: string; security?: Array<Record<string, string[]>> };
  handler(request: FastifyRequest<Generic>, reply: FastifyReply): unknown;
}

export function addRoute<Generic extends RouteGenericInterface>(app: FastifyInstance, route: RouteDefinition<Generic>): void {
  // Sound because the schema validates the body, params and query before the handler runs.
  const options = { ...route, schema: describeResponses(route.schema) } as unknown as RouteOptions;
  app.route(options);
  const bare = options.url.replace(/\/+$/, "");
  if (bare !== options.url) app.route({ ...options, url: bare, schema: { ...options.schema, hide: true } as FastifySchema });
}

/** Every response gets a description for /docs; the shared schema objects are copied, never changed. */
function describeResponses<S extends FastifySchema>(schema: S): S {
  if (!schema.response) return schema;
  const response = Object.fromEntries(
    Object.entries(schema.response as Record<string, object>).map(([status, body]) => [
      status,
      "description" in body ? body : { ...body, description: RESPONSE_DESCRIPTIONS[status] ?? "Response" },
    ]),
  );
  return { ...schema, response };
}
