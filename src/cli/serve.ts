import { spawn } from 'node:child_process';
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, sep } from 'node:path';
import type { BuildOptions, BuildResult } from '../build/api.ts';
import { watchBuild } from '../build/watch.ts';
import type { BuildError } from '../diagnostics.ts';
import { requireManuscriptFolder } from '../load/manuscript.ts';
import { escapeXml } from '../text/escape-xml.ts';

/**
 * `serve`: the HTML preview over HTTP, rebuilt on every save by the watch
 * build (with its caches), and reloaded in the browser by server-sent events.
 * The reload script is added to each page as it is sent, never written into
 * the preview on disk, so the folder stays what `build --format html` makes.
 */
export interface ServeOptions {
  port: number;
  host: string;
  open: boolean;
  /** Called after each build, good or broken, to print what it found. */
  report(outcome: { result?: BuildResult; error?: BuildError; ms: number }): void;
  /** The build's diagnostics as text, for the page when a save breaks the book. */
  describe(error: BuildError): string;
}

export interface Serving {
  url: string;
  close(): Promise<void>;
}

const EVENTS = '/__zhanghui/events';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
};

export async function serve(build: BuildOptions, options: ServeOptions): Promise<Serving> {
  // Said as build says it, before a port is taken: watching a folder that is not there would throw.
  requireManuscriptFolder(build.chaptersDir);
  /** The preview folders of the last good build (`<slug>.<edition>`), first edition first. */
  let previews: string[] = [];
  /** What broke the last build, shown on every page until a build succeeds. */
  let failure: string | undefined;
  let built = false;
  const clients = new Set<ServerResponse>();
  const send = (event: string, data: string) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of clients) c.write(frame);
  };

  const startBuilding = () => watchBuild({ ...build, formats: ['html'] }, (outcome) => {
    built = true;
    if (outcome.result) {
      previews = [...new Set(outcome.result.outputs.filter((o) => o.format === 'html').map((o) => basename(dirname(o.path))))];
      failure = undefined;
      send('reload', '');
    } else if (outcome.error) {
      failure = options.describe(outcome.error);
      send('failure', failure);
    }
    options.report(outcome);
  });

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      notFound(res);
    }
  });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0];
    if (rawPath === EVENTS) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      if (failure) res.write(`event: failure\ndata: ${JSON.stringify(failure)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (rawPath === '/') {
      if (previews.length) {
        res.writeHead(302, { Location: `/${encodeURIComponent(previews[0])}/index.html`, 'Cache-Control': 'no-store' }).end();
      } else {
        // Nothing built yet (or the first build failed): a page that waits for the first good build.
        sendHtml(res, req, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>preview</title></head><body><p>${built ? 'The book does not build yet.' : 'Building the preview…'}</p></body></html>`);
      }
      return;
    }
    const found = resolveInside(build.outDir, previews, rawPath);
    if (!found) {
      notFound(res);
      return;
    }
    if (found.folder && !rawPath.endsWith('/')) {
      // A folder's page read at `/book.zh-Hans` would resolve its relative links against `/`: every one a 404.
      const query = (req.url ?? '').slice(rawPath.length);
      res.writeHead(301, { Location: `${rawPath}/${query}`, 'Cache-Control': 'no-store' }).end();
      return;
    }
    const file = found.file;
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) {
      // Read whole: pages are small, and the script goes in before </body>.
      sendHtml(res, req, readFileSync(file, 'utf8'));
      return;
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(file).size, 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };

  const sendHtml = (res: ServerResponse, req: IncomingMessage, html: string) => {
    const body = injectClient(html, failure);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  // Listening first: a port in use (another preview of the same book) ends the command before it
  // builds anything into the folder that other server is serving.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const watching = startBuilding();
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}/`;
  if (options.open) openBrowser(url);
  return {
    url,
    close: async () => {
      watching.close();
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The file a request path names, if it lies inside one of the preview
 * folders; else undefined (a 404). The path is refused if, once decoded, a
 * segment is `.` or `..` (decoding leaves a raw `..` as it is and turns
 * `%2e%2e%2f` into one); a symlink is followed and must still land inside
 * the folder. A folder names its index.html (`folder`: the path named the folder).
 */
function resolveInside(outDir: string, previews: string[], rawPath: string): { file: string; folder: boolean } | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return undefined;
  const [folder, ...rest] = segments;
  if (!previews.includes(folder)) return undefined;
  let root: string;
  let real: string;
  let isFolder = false;
  try {
    root = realpathSync(join(outDir, folder));
    real = realpathSync(join(outDir, folder, ...rest));
    isFolder = statSync(real).isDirectory();
    if (isFolder) real = realpathSync(join(real, 'index.html'));
  } catch {
    return undefined;
  }
  if (!real.startsWith(`${root}${sep}`)) return undefined;
  return statSync(real).isFile() ? { file: real, folder: isFolder } : undefined;
}

/** The reload client, and the failure of the last build if there is one, added before </body>. */
function injectClient(html: string, failure: string | undefined): string {
  const box = `<pre id="zhanghui-error" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#900;border-top:3px solid #900;font:14px/1.5 monospace;white-space:pre-wrap;z-index:2147483647;writing-mode:horizontal-tb"${failure ? '' : ' hidden'}>${failure ? escapeXml(failure) : ''}</pre>`;
  const script = `<script>(() => {
  const box = document.getElementById('zhanghui-error');
  const events = new EventSource('${EVENTS}');
  events.addEventListener('open', () => { document.documentElement.dataset.zhanghui = 'connected'; });
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('failure', (e) => { box.textContent = JSON.parse(e.data); box.hidden = false; });
})();</script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? `${html}${box}${script}` : `${html.slice(0, at)}${box}${script}\n${html.slice(at)}`;
}

function notFound(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
}

/** The desktop's own way of opening a URL; a machine without one just prints the URL. */
function openBrowser(url: string): void {
  const [cmd, ...args] = process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  } catch {
    // No opener: the URL is printed anyway.
  }
}
