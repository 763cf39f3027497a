/**
 * Static assets: the stylesheets and the few lines of script in src/web/assets, htmx from
 * node_modules, and the Vazirmatn web font's woff2 files (Arabic and Latin subsets), so no
 * page depends on a system font. Each is read once, gzip-compressed once where that helps,
 * and served under a URL carrying its content hash, cached for a year.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer | null;
  readonly hash: string;
}

const require = createRequire(import.meta.url);
const here = new URL('./assets/', import.meta.url);
const htmxFile = require.resolve('htmx.org/dist/htmx.min.js');
const fontDir = join(dirname(require.resolve('@fontsource/vazirmatn/package.json')), 'files');

/** Font files, by the short name the stylesheet uses. */
const fonts = {
  'font-arabic-400': 'vazirmatn-arabic-400-normal.woff2',
  'font-arabic-700': 'vazirmatn-arabic-700-normal.woff2',
  'font-latin-400': 'vazirmatn-latin-400-normal.woff2',
  'font-latin-700': 'vazirmatn-latin-700-normal.woff2',
  'font-latin-ext-400': 'vazirmatn-latin-ext-400-normal.woff2',
  'font-latin-ext-700': 'vazirmatn-latin-ext-700-normal.woff2',
} as const;

const assets = new Map<string, Asset>();

function add(name: string, type: string, body: Buffer, compress: boolean): void {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  assets.set(name, { type, body, gzip: compress ? gzipSync(body, { level: 9 }) : null, hash });
}

function load(): void {
  if (assets.size) return;
  for (const [name, file] of Object.entries(fonts)) add(name, 'font/woff2', readFileSync(join(fontDir, file)), false);
  add('htmx.min.js', 'text/javascript; charset=utf-8', readFileSync(htmxFile), true);
  add('app.js', 'text/javascript; charset=utf-8', readFileSync(new URL('app.js', here)), true);
  add('security-key.js', 'text/javascript; charset=utf-8', readFileSync(new URL('security-key.js', here)), true);
  // Stylesheets name fonts as /assets/<name>; they are given the hashed URLs.
  const css = (file: string) => readFileSync(new URL(file, here), 'utf8').replace(/\/assets\/(font-[a-z0-9-]+)/g, (_m, name: string) => assetUrl(name));
  add('app.css', 'text/css; charset=utf-8', Buffer.from(css('app.css')), true);
  add('print.css', 'text/css; charset=utf-8', Buffer.from(css('print.css')), true);
}

/** The URL of an asset, with its content hash. */
export function assetUrl(name: string): string {
  load();
  const asset = assets.get(name);
  if (!asset) throw new Error(`no asset ${name}`);
  return `/assets/${name}?v=${asset.hash}`;
}

/** An asset's bytes as served (tests and the bench measure them). */
export function assetBytes(name: string): { body: Buffer; gzip: Buffer | null } {
  load();
  const asset = assets.get(name);
  if (!asset) throw new Error(`no asset ${name}`);
  return { body: asset.body, gzip: asset.gzip };
}

/** GET /assets/:name — public, compressed when the browser accepts gzip, cached for a year. */
export function assetRoutes(app: FastifyInstance): void {
  load();
  app.get<{ Params: { name: string } }>('/assets/:name', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    const etag = `"${asset.hash}"`;
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', etag).header('vary', 'accept-encoding').type(asset.type);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (asset.gzip && acceptsGzip) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}
