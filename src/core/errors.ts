/**
 * Errors say who must act:
 * - `user`: the request or input is wrong; 4xx with a stable code and a message that says what to fix;
 * - `operational`: a dependency failed; retry, warn;
 * - `bug`: an invariant broke; report.
 */
export type ErrorKind = 'user' | 'operational' | 'bug';

export class VigilError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly status: number;
  readonly details?: unknown;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    options: { status?: number; cause?: unknown; details?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VigilError';
    this.kind = kind;
    this.code = code;
    this.status = options.status ?? (kind === 'user' ? 400 : kind === 'operational' ? 503 : 500);
    if (options.details !== undefined) this.details = options.details;
  }
}

export const userError = (code: string, message: string, status = 400, details?: unknown): VigilError =>
  new VigilError('user', code, message, details === undefined ? { status } : { status, details });

export const notFound = (what: string): VigilError => userError('not_found', `${what} not found`, 404);

export const forbidden = (message: string): VigilError => userError('forbidden', message, 403);

export const unauthenticated = (message = 'authentication required'): VigilError =>
  userError('unauthenticated', message, 401);

export const operationalError = (code: string, message: string, cause?: unknown): VigilError =>
  new VigilError('operational', code, message, cause === undefined ? {} : { cause });
