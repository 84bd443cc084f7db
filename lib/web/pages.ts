import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The web pages a door serves (a bank's app, the hub console), from what the build put in dist/web:
 * `web/<app>` at `/`, and `web/shared` at `/shared/`. Every page answer carries headers that keep it
 * to its own origin: scripts, styles and calls from itself only, never framed.
 */

/** The project's root: the nearest folder above this file with a package.json (the same from src and dist). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

/** Where the built pages of `app` are; the build (npm run build) makes them. */
export function builtPages(app: string): string {
  return path.join(projectRoot(), 'dist', 'web', app);
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export async function servePages(app: FastifyInstance, name: string): Promise<void> {
  const root = builtPages(name);
  if (!existsSync(root)) throw new Error(`the ${name} pages are not built (${root}): run npm run build`);
  const setHeaders = (res: { setHeader(name: string, value: string): void }) => {
    for (const [header, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(header, value);
  };
  // One route per file built (no wildcard): any other path stays the door's own 404, so a path such
  // as /claims/.. is not resolved to the index page.
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    setHeaders,
    schemaHide: true,
    wildcard: false,
    index: ['index.html'],
  });
  await app.register(fastifyStatic, {
    root: builtPages('shared'),
    prefix: '/shared/',
    decorateReply: false,
    setHeaders,
    schemaHide: true,
    wildcard: false,
  });
}
