import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { VigilError } from '../core/errors.ts';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/**
 * Every failure leaves as `{ error: { code, message, details? } }` with the right status: user errors
 * say what to fix; anything else is logged with its cause and answered with a generic 500/503.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | VigilError | Error, request, reply) => {
    if (error instanceof VigilError) {
      if (error.kind !== 'user') request.log.error({ err: error, cause: error.cause }, error.message);
      const body: ErrorBody = {
        error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
      };
      return reply.code(error.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const validation = error.validation as readonly { instancePath: string; message?: string }[];
      const issues = validation.map((v) => ({
        where: `${error.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'invalid',
      }));
      const message = issues.map((i) => `${i.where}: ${i.message}`).join('; ');
      return reply.code(400).send({ error: { code: 'invalid_request', message, details: issues } } satisfies ErrorBody);
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({
        error: { code: 'body_too_large', message: `request body exceeds ${app.initialConfig.bodyLimit ?? 0} bytes: send smaller batches` },
      } satisfies ErrorBody);
    }
    const status = fastifyError.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send({
        error: { code: (fastifyError.code || 'bad_request').toLowerCase(), message: fastifyError.message },
      } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error; it has been logged' } } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` } }),
  );
}
