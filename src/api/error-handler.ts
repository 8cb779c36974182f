import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '../domain/errors.js';
import { redactSecrets } from '../redaction.js';
import { HttpError } from './http-error.js';
import { globalPlugin } from './plugins/global-plugin.js';
import type { ErrorResponse } from './schemas/common.schemas.js';

/**
 * The one place where failures become HTTP responses `{ error: { code, message, details? } }`.
 *
 * Codes:
 * - a `DomainError` keeps its own code; its kind picks the status (`STATUS_OF_KIND`);
 * - schema validation: 400 `INVALID_<FIELD>` (validationCode), details `{ location, field, reason }` where
 *   `field` is a JSON pointer into the request part (e.g. `/payload/address`), also named in the message;
 * - body parsing: 400 `BODY_INVALID_JSON` / `BODY_EMPTY` / `BODY_LENGTH_MISMATCH`,
 *   413 `BODY_TOO_LARGE`, 415 `UNSUPPORTED_MEDIA_TYPE`;
 * - unknown route: 404 `ROUTE_NOT_FOUND`;
 * - an `HttpError` (e.g. 429 `RATE_LIMITED`): its own status and code;
 * - a handler that did not answer within the request timeout: 503 `REQUEST_TIMEOUT`;
 * - any other 4xx the framework raises: its status, `BAD_REQUEST`;
 * - anything else: 500 `INTERNAL_ERROR` with a generic message; the error itself is only logged.
 */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
  unavailable: 503,
};

const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_EMPTY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BODY_LENGTH_MISMATCH',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

interface Failure {
  status: number;
  body: ErrorResponse;
}

/** Sets the app's error and not-found handlers (register at the root, before any route). */
export const errorHandlingPlugin = globalPlugin<FastifyPluginAsync>(async (app) => {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
});

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const failure = failureOf(error);
  if (failure.body.error.code === 'REQUEST_TIMEOUT') {
    // The handler goes on in the background; its late answer is dropped (Fastify logs that too).
    request.log.warn({ statusCode: failure.status, code: failure.body.error.code }, 'request timed out');
  } else if (failure.status >= 500 && !(error instanceof DomainError)) {
    request.log.error({ err: error }, 'request failed');
  } else {
    logRefusal(request, failure.status, failure.body.error.code);
  }
  return reply.code(failure.status).send(failure.body);
}

/**
 * A refusal the service meant: a 5xx says a dependency is missing (warn); a 4xx is the client's
 * mistake, at debug (a flood of unknown addresses or bad signatures must not fill the log). The
 * code is enough to tell what went wrong; the request body is never logged (it holds signatures).
 */
function logRefusal(request: FastifyRequest, status: number, code: string): void {
  if (status >= 500) request.log.warn({ statusCode: status, code }, 'request refused: dependency unavailable');
  else request.log.debug({ statusCode: status, code }, 'request rejected');
}

/**
 * A refusal made once and sent many times (a route keeps a stash's "not found"): the status and the
 * exact JSON `handleError` would send for `error`, without building and throwing an error per request.
 */
export interface PreparedFailure {
  status: number;
  code: string;
  json: string;
}

export function prepareFailure(error: DomainError): PreparedFailure {
  const { status, body } = failureOf(error);
  return { status, code: body.error.code, json: JSON.stringify(body) };
}

/** Sends a prepared refusal, logged as `handleError` logs the error it was prepared from. */
export function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: PreparedFailure): FastifyReply {
  logRefusal(request, failure.status, failure.code);
  return reply.code(failure.status).type('application/json; charset=utf-8').send(failure.json);
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = errorBody('ROUTE_NOT_FOUND', `Route ${request.method} ${request.url.split('?')[0]} not found`);
  return reply.code(404).send(body);
}

function failureOf(error: unknown): Failure {
  if (error instanceof DomainError) {
    return { status: STATUS_OF_KIND[error.kind], body: errorBody(error.code, error.message, error.details) };
  }
  if (error instanceof HttpError) {
    return { status: error.statusCode, body: errorBody(error.code, error.message, error.details) };
  }
  const fastifyError = (typeof error === 'object' && error !== null ? error : {}) as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_HANDLER_TIMEOUT') {
    return {
      status: 503,
      body: errorBody('REQUEST_TIMEOUT', 'The request took too long: a dependency is slow or unavailable; try again'),
    };
  }
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    return { status: 400, body: validationBody(fastifyError as FastifyError) };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (fastifyError.code && FRAMEWORK_CODES[fastifyError.code]) ?? 'BAD_REQUEST';
    return { status, body: errorBody(code, fastifyError.message ?? 'Bad request') };
  }
  return { status: 500, body: errorBody('INTERNAL_ERROR', 'Internal server error') };
}

function validationBody(error: FastifyError): ErrorResponse {
  const [first] = error.validation ?? [];
  const location = error.validationContext ?? 'request';
  const params = (first?.params ?? {}) as Record<string, unknown>;
  // `required` and `additionalProperties` report the parent object; name the property itself.
  const child = params.missingProperty ?? params.additionalProperty;
  const field = `${first?.instancePath ?? ''}${typeof child === 'string' ? `/${child}` : ''}`;
  const reason =
    first?.keyword === 'additionalProperties'
      ? 'is not allowed'
      : first?.keyword === 'required'
        ? 'is required'
        : (first?.message ?? 'is invalid');
  const where = field === '' ? location : `${location} field ${field}`;
  return errorBody(validationCode(location, field), `${where} ${reason}`, { location, field, reason });
}

/**
 * The stable code names the field (DESIGN §7): `/payload/expiresAt` → `INVALID_PAYLOAD_EXPIRES_AT`;
 * array positions are left out, and a failure of the whole body is `INVALID_BODY`.
 */
export function validationCode(location: string, field: string): string {
  const parts = field
    .split('/')
    .filter((p) => p !== '' && !/^\d+$/.test(p))
    .map((p) =>
      p
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .toUpperCase(),
    );
  return `INVALID_${(parts.length > 0 ? parts : [location.toUpperCase()]).join('_')}`;
}

function errorBody(code: string, rawMessage: string, details?: Record<string, unknown>): ErrorResponse {
  // A message may quote a URL (an endpoint's, a candidate source's): never its credentials.
  const message = redactSecrets(rawMessage);
  return { error: details === undefined ? { code, message } : { code, message, details: jsonSafe(details) } };
}

/** Details may hold planck amounts (bigint) or dates: give them their JSON form instead of failing to serialise. */
function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(details, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
  ) as Record<string, unknown>;
}
