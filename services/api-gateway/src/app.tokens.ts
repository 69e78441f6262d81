/** Injection tokens for what the composition root (app.ts) builds before Nest starts. */
export const GATEWAY_CONFIG = Symbol('GatewayConfig');
export const LOGGER = Symbol('Logger');
export const OPENAPI_DOCUMENT = Symbol('OpenApiDocument');
