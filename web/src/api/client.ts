import type { SessionInfo } from './types.ts';

/** An API failure as the server described it (`{error:{code,message}}`), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
  /** Someone else changed the incident since it was read (optimistic concurrency). */
  get isConflict(): boolean {
    return this.status === 409 && this.code === 'conflict';
  }
}

type Query = Readonly<Record<string, string | number | undefined>>;

/**
 * The console's only way to the server: same-origin fetch with the session cookie, the tenant header,
 * and `X-Requested-With: vigil` (the CSRF guard every change needs). A 401 anywhere tells the app the
 * session expired, so it can ask to sign in again over the page instead of losing the user's place.
 */
export class ApiClient {
  private tenant: string | undefined;
  private readonly expiredListeners = new Set<() => void>();

  setTenant(tenantId: string | undefined): void {
    this.tenant = tenantId;
  }

  get tenantId(): string | undefined {
    return this.tenant;
  }

  onExpired(listener: () => void): () => void {
    this.expiredListeners.add(listener);
    return () => this.expiredListeners.delete(listener);
  }

  get<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', withQuery(path, query), undefined, signal);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** Who is signed in; resolves undefined (and raises no "expired" alarm) when nobody is. */
  async session(): Promise<SessionInfo | undefined> {
    try {
      return await this.request<SessionInfo>('GET', '/api/v1/session', undefined, undefined, true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return undefined;
      throw error;
    }
  }

  signIn(email: string, password: string): Promise<SessionInfo> {
    return this.request<SessionInfo>('POST', '/api/v1/session', { email, password }, undefined, true);
  }

  async signOut(): Promise<void> {
    await this.request<unknown>('DELETE', '/api/v1/session', undefined, undefined, true);
  }

  /** The live stream's URL: EventSource cannot send headers, so the tenant goes in the query. */
  streamUrl(): string {
    return withQuery('/api/v1/stream', { tenant: this.tenant });
  }

  private async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, quiet401 = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'x-requested-with': 'vigil' };
    if (this.tenant !== undefined) headers['x-vigil-tenant'] = this.tenant;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      if (signal?.aborted === true) throw error;
      throw new ApiError(0, 'network', 'Cannot reach Vigil: check the connection and try again.');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const err = errorBody(parsed);
      const apiError = new ApiError(response.status, err?.code ?? `http_${response.status}`, err?.message ?? `${method} ${path} failed (${response.status})`, err?.details);
      if (response.status === 401 && !quiet401) for (const listener of this.expiredListeners) listener();
      throw apiError;
    }
    return parsed as T;
  }
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorBody(value: unknown): { code: string; message: string; details?: unknown } | undefined {
  if (typeof value !== 'object' || value === null || !('error' in value)) return undefined;
  const error = (value).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code, message, details };
}

/** A readable line for any failure, for notices. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
