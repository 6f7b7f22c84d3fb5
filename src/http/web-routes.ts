import { createReadStream, statSync, type Stats } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the console (web/dist at the repository root). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths the console never answers: a miss there is the API's JSON 404, not the app's index.html. */
const RESERVED = ['/api/', '/services/', '/healthz'];

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// The console loads only its own scripts and styles and talks only to this origin.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Vigil</title>
<body style="font-family:system-ui;background:#0f1419;color:#e6e6e6;padding:2rem">
<h1>Vigil is running</h1><p>The web console has not been built: run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>The API is at <a style="color:#8ab4f8" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></body>`;

/**
 * Serves the built console (web/dist) at `/`: hashed assets are cached for a year, index.html is
 * revalidated every time, and any other GET that is not an API path gets index.html so the app's own
 * router can answer deep links (/incidents/INC-12). Registered last; Fastify matches the API's static
 * routes before this wildcard, and reserved prefixes fall through to the JSON 404.
 */
export function webRoutes(app: FastifyInstance, options: { dist?: string }, done: (error?: Error) => void): void {
  const dist = options.dist ?? WEB_DIST;

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodePath(request.url);
    if (path === undefined) return reply.code(400).send({ error: { code: 'bad_path', message: 'malformed path' } });
    if (RESERVED.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) {
      reply.callNotFound();
      return reply;
    }

    const file = path === '/' ? undefined : resolveInside(dist, path);
    const found = file === undefined ? undefined : fileStat(file);
    if (file !== undefined && found !== undefined) return sendFile(request, reply, file, found, path.startsWith('/assets/'));
    // A missing asset is a real 404 (a stale tab asking for an old hash must not get HTML as JS).
    if (path.startsWith('/assets/') || extname(path) !== '') {
      reply.callNotFound();
      return reply;
    }

    const index = join(dist, 'index.html');
    const indexStat = fileStat(index);
    if (indexStat === undefined) return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
    return sendFile(request, reply, index, indexStat, false);
  };

  app.get('/', { config: { public: true }, schema: { hide: true } }, serve);
  app.get('/*', { config: { public: true }, schema: { hide: true } }, serve);
  done();
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: string, stat: Stats, immutable: boolean) {
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  // `npm run build:web` writes a gzip twin of each compressible file; send it to clients that take it.
  const gzStat = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '') ? fileStat(`${file}.gz`) : undefined;
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${gzStat === undefined ? '' : '-gz'}"`;
  void reply
    .header('content-type', type)
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('etag', etag)
    .header('x-content-type-options', 'nosniff')
    .header('vary', 'accept-encoding');
  if (type.startsWith('text/html')) void reply.header('content-security-policy', CSP).header('referrer-policy', 'no-referrer');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  if (gzStat !== undefined) {
    void reply.header('content-encoding', 'gzip').header('content-length', gzStat.size);
    return reply.send(createReadStream(`${file}.gz`));
  }
  void reply.header('content-length', stat.size);
  return reply.send(createReadStream(file));
}

function decodePath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
}

/** The file under `root` that `path` names, or undefined when it would step outside it. */
function resolveInside(root: string, path: string): string | undefined {
  if (path.includes('\0')) return undefined;
  const full = normalize(join(root, path));
  const base = root.endsWith(sep) ? root : root + sep;
  return full.startsWith(base) ? full : undefined;
}

function fileStat(file: string): Stats | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}
