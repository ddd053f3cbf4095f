// A tiny static HTTP server for the built site, on 127.0.0.1 and a free port, behaving like an
// ordinary static host: a folder serves its index.html (a folder URL without its trailing slash
// is redirected), a missing path gets the site's 404.html with status 404. `basePath` serves the
// site under a sub-path (for sites built with `--base-url /ict/`); anything outside it is a 404.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

async function statOrNull(file) {
  try {
    return await fs.stat(file);
  } catch {
    return null;
  }
}

/**
 * Starts the server; resolves to { origin, baseUrl, close() }.
 * `baseUrl` is origin + basePath, e.g. http://127.0.0.1:34567/ict/.
 */
export async function startStaticServer({ root, basePath = '/' }) {
  if (!basePath.startsWith('/') || !basePath.endsWith('/')) {
    throw new Error(`basePath must start and end with '/': ${basePath}`);
  }
  const rootDir = path.resolve(root);

  async function send(res, status, file, headOnly, extraHeaders = {}) {
    const body = await fs.readFile(file);
    res.writeHead(status, {
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
      ...extraHeaders,
    });
    res.end(headOnly ? undefined : body);
  }

  async function notFound(res, headOnly) {
    const page = path.join(rootDir, '404.html');
    if (await statOrNull(page)) return send(res, 404, page, headOnly);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(headOnly ? undefined : 'not found (and the site has no 404.html)');
  }

  async function handle(req, res) {
    const headOnly = req.method === 'HEAD';
    if (req.method !== 'GET' && !headOnly) {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    const url = new URL(req.url, 'http://localhost');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound(res, headOnly);
    }
    if (pathname + '/' === basePath) {
      res.writeHead(301, { location: basePath });
      return res.end();
    }
    if (!pathname.startsWith(basePath)) return notFound(res, headOnly);
    const file = path.join(rootDir, pathname.slice(basePath.length));
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return notFound(res, headOnly);
    const stat = await statOrNull(file);
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: url.pathname + '/' + url.search });
        return res.end();
      }
      const index = path.join(file, 'index.html');
      if (await statOrNull(index)) return send(res, 200, index, headOnly);
      return notFound(res, headOnly);
    }
    if (stat?.isFile()) return send(res, 200, file, headOnly);
    return notFound(res, headOnly);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: origin + basePath,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
