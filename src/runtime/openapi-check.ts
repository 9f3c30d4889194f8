// The protected routes declare `security: [{ bearerAuth: [] }]` for the app's OpenAPI document.
// @fastify/swagger dereferences that name in the app's securitySchemes and throws a bare
// TypeError when it is missing, on the first request for the docs. Checked once at boot instead,
// with the fix in the message.
import type { FastifyInstance } from "fastify";

export const SECURITY_SCHEME = "bearerAuth";

const SCHEME_EXAMPLE = `components: { securitySchemes: { ${SECURITY_SCHEME}: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } }`;

export class OpenApiSchemeMissing extends Error {
  override name = "OpenApiSchemeMissing";
  constructor() {
    super(
      `jwt-allauth: @fastify/swagger is registered without the "${SECURITY_SCHEME}" security scheme that the protected auth routes declare; add it to the swagger options: openapi: { ${SCHEME_EXAMPLE} }`,
    );
  }
}

interface SwaggerDocument {
  components?: { securitySchemes?: Record<string, unknown> };
  securityDefinitions?: Record<string, unknown>;
}

/** Builds the app's document once at boot (swagger caches it); an app without swagger is fine. */
export function checkOpenApiScheme(app: FastifyInstance): void {
  const swagger = (app as unknown as { swagger?: () => SwaggerDocument }).swagger;
  if (typeof swagger !== "function") return;
  let document: SwaggerDocument;
  try {
    document = swagger.call(app);
  } catch (error) {
    // swagger reads `securitySchemes.bearerAuth.type`: one of the two lookups hits undefined.
    if (error instanceof TypeError && /reading '(bearerAuth|type)'/.test(error.message)) throw new OpenApiSchemeMissing();
    throw error;
  }
  const schemes = document.components?.securitySchemes ?? document.securityDefinitions ?? {};
  if (!(SECURITY_SCHEME in schemes)) throw new OpenApiSchemeMissing();
}
