// The OpenAPI 3.1 document, generated from the zod schemas the routes declared.
import { OpenApiGeneratorV31, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

/** Registers the API-key security scheme on a registry. */
export function registerSecurity(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (pw_…), created with `npm run keys -- create` or POST /v1/api-keys. Shown once.',
  });
}

/** Generates the document (call after every route is declared). */
export function openApiDocument(
  registry: OpenAPIRegistry,
  publicUrl?: string,
): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Pathways API',
      version: '1.0.0',
      description:
        'Refugee resettlement and family-reunification casework: start, move, read and list cases; ' +
        'definitions, partners, staff, monitoring counts and the audit log. Errors: `{ error: { code, message, details } }`.',
    },
    servers: publicUrl ? [{ url: publicUrl }] : [],
  });
}
