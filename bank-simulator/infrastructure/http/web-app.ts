import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { servePages } from '../../../lib/web/pages';

/** The browser build of jsQR (a script that defines `jsQR`), which the scan page loads when it needs it. */
const JSQR = require.resolve('jsqr/dist/jsQR.js');

/**
 * The bank's web app (dist/web/bank at `/`, the shared scripts at `/shared/`) and the QR decoder it
 * scans with, all open: the login page has to load before anyone has logged in, and the pages hold no
 * data of their own; every call they make is checked as any other. Out of the OpenAPI document.
 */
export async function serveWebApp(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    await servePages(scope, 'bank');
    const script = await readFile(JSQR);
    scope.get('/vendor/jsqr.js', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .send(script),
    );
  });
}
