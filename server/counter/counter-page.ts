import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';

const pageDirectory = fileURLToPath(new URL('./page/', import.meta.url));

/**
 * Serves the counter page (一窗受理) at `/counter/`: the HTML, its stylesheet and its
 * script, bundled from `page/counter.ts` with esbuild once, when the server starts.
 */
export async function registerCounterPage(app: FastifyInstance, _context: ServerContext) {
  const [html, css, script] = await Promise.all([
    readFile(`${pageDirectory}index.html`, 'utf8'),
    readFile(`${pageDirectory}counter.css`, 'utf8'),
    bundleScript(),
  ]);
  const hidden = { schema: { hide: true } };

  app.get('/counter', hidden, async (_request, reply) => reply.redirect('/counter/'));
  app.get('/counter/', hidden, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(html),
  );
  app.get('/counter/counter.css', hidden, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(css),
  );
  app.get('/counter/counter.js', hidden, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(script),
  );
}

let bundled: Promise<string> | undefined;

/** Bundles once per process; every server built in it serves the same script. */
function bundleScript(): Promise<string> {
  bundled ??= bundle();
  return bundled;
}

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [`${pageDirectory}counter.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'chrome110',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
