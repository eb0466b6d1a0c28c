import { appendFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './helpers/browser.ts';
import { tempDir } from './helpers/paths.ts';
import { startZhanghui, zhanghui, type Started } from './helpers/zhanghui.ts';

/*
 * `zhanghui serve` as a user runs it: a child process on a free port, asked
 * by a real HTTP client (and by raw sockets, for paths no client would send
 * as they are), and watched by Chromium for the reload after a save.
 */

const PAGE = '/zhujingji.zh-Hans/c001.html';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(base: string, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends the request line exactly as written: no URL normalisation by a client library. */
function rawStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.setEncoding('utf8').on('data', (s: string) => (text += s));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/u.exec(text)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

/** Polls the URL until `test` holds on its body, or `ms` have passed (then the last body is returned). */
async function until(base: string, path: string, test: (body: string) => boolean, ms: number): Promise<{ body: string; ms: number }> {
  const started = Date.now();
  let body = '';
  while (Date.now() - started < ms) {
    body = (await get(base, path)).body;
    if (test(body)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { body, ms: Date.now() - started };
}

describe('zhanghui serve', () => {
  const cwd = tempDir('cli-serve-');
  const book = join(cwd, 'mybook');
  const chapter = join(book, '01-eliza.md');
  let server: Started;
  let base: string;
  let port: number;

  beforeAll(async () => {
    expect(zhanghui(['init', 'mybook'], { cwd }).code).toBe(0);
    server = startZhanghui(['serve', 'mybook', '--port', '0', '--edition', 'zh-Hans'], { cwd });
    base = (await server.waitFor(/^serving (http:\/\/\S+) /mu))[1];
    port = Number(new URL(base).port);
    await server.waitFor(/^preview built/mu);
  });

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    const end = await server?.exit;
    // SIGTERM is the normal way out: the session ends cleanly with exit 0.
    expect(end?.code).toBe(0);
  });

  it('listens on 127.0.0.1 by default and sends / to the first edition', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/u);
    const r = await get(base, '/');
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/zhujingji.zh-Hans/index.html');
  });

  it('serves the pages with the reload client added, which the preview on disk does not have', async () => {
    const r = await get(base, PAGE);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('魏岑鲍姆');
    expect(r.body).toContain("new EventSource('/__zhanghui/events')");
    expect(readFileSync(join(book, 'dist', 'zhujingji.zh-Hans', 'c001.html'), 'utf8')).not.toContain('EventSource');
    const css = await get(base, '/zhujingji.zh-Hans/style.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it("sends an edition's address without its slash to the folder, so that the page's relative links resolve", async () => {
    const r = await get(base, '/zhujingji.zh-Hans?x=1');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/zhujingji.zh-Hans/?x=1');
    const page = await get(base, '/zhujingji.zh-Hans/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="style.css"');
  });

  it.each([
    '/../../etc/passwd',
    '/zhujingji.zh-Hans/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/zhujingji.zh-Hans/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/zhujingji.zh-Hans/..%2f..%2f..%2fetc%2fpasswd',
    '/zhujingji.zh-Hans/%2E%2E/mybook/book.yaml',
    '/zhujingji.zh-Hans%2f..%2f..%2fbook.yaml',
    '/zhujingji.zh-Hans/..\\..\\book.yaml',
    '/zhujingji.zh-Hans/%00',
    '/etc/passwd',
    '/dist/zhujingji.zh-Hans/c001.html',
  ])('%s, sent as it is, is 404', async (path) => {
    expect(await rawStatus(port, path)).toBe(404);
  });

  it('a symlink inside the preview that leads out is 404; one that stays inside is served', async () => {
    const preview = join(book, 'dist', 'zhujingji.zh-Hans');
    symlinkSync('/etc/passwd', join(preview, 'passwd.html'));
    symlinkSync(join(book, 'book.yaml'), join(preview, 'book.css'));
    symlinkSync('c001.html', join(preview, 'same.html'));
    expect((await get(base, '/zhujingji.zh-Hans/passwd.html')).status).toBe(404);
    expect((await get(base, '/zhujingji.zh-Hans/book.css')).status).toBe(404);
    expect((await get(base, '/zhujingji.zh-Hans/same.html')).status).toBe(200);
  });

  it('an edit to a chapter shows at the URL within 5 s, with no manual rebuild', async () => {
    const text = readFileSync(chapter, 'utf8');
    writeFileSync(chapter, text.replace('话说乙巳年间', '话说乙巳年春'));
    const seen = await until(base, PAGE, (b) => b.includes('话说乙巳年春'), 5000);
    expect(seen.body).toContain('话说乙巳年春');
  });

  it('a broken save shows its error in the page and keeps the last good pages; the fix clears it', async () => {
    appendFileSync(chapter, '\n<!-- 未闭合的注释\n');
    const broken = await until(base, PAGE, (b) => b.includes('[parse:unclosed-comment]'), 15_000);
    expect(broken.body).toMatch(/<pre id="zhanghui-error"[^>]*>1 error, 0 warnings/u);
    expect(broken.body).toContain('mybook/01-eliza.md:');
    // The last good page is still what is served.
    expect(broken.body).toContain('话说乙巳年春');
    expect(server.output().stdout).toContain('build failed; the preview keeps the last good pages');

    writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('\n<!-- 未闭合的注释\n', ''));
    const fixed = await until(base, PAGE, (b) => !b.includes('[parse:unclosed-comment]'), 15_000);
    expect(fixed.body).toMatch(/<pre id="zhanghui-error"[^>]*hidden><\/pre>/u);
  });

  it('Chromium reloads the page by itself after a save, and shows a broken save in the page', async () => {
    const browser: Browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(new URL(PAGE, base).href);
      expect(await page.locator('main').innerText()).toContain('魏岑鲍姆');
      // The page's event stream is open (the client marks it), so the save below cannot be missed.
      await page.waitForFunction(() => document.documentElement.dataset.zhanghui === 'connected', undefined, { timeout: 15_000 });

      writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('话说乙巳年春', '话说乙巳年秋'));
      await page.waitForFunction(() => document.body.innerText.includes('话说乙巳年秋'), undefined, { timeout: 15_000 });

      appendFileSync(chapter, '\n<!-- 又一个未闭合的注释\n');
      const box = page.locator('#zhanghui-error');
      await box.waitFor({ state: 'visible', timeout: 15_000 });
      // Announced to a screen reader as it appears.
      expect(await box.getAttribute('role')).toBe('alert');
      expect(await box.innerText()).toContain('[parse:unclosed-comment]');
      // The page itself is still the last good one.
      expect(await page.locator('main').innerText()).toContain('话说乙巳年秋');
    } finally {
      await browser.close();
    }
  });
});

describe('zhanghui serve, refused', () => {
  it('a folder that is not there is exit 1 with the message build gives, not a stack trace or a server left running', () => {
    const cwd = tempDir('cli-serve-');
    const r = zhanghui(['serve', 'no-such-book', '--port', '0'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('manuscript folder not found');
    expect(r.stderr).toContain('[load:missing-folder]');
    expect(r.stderr).not.toMatch(/\n\s+at /u);
  });

  it('a port in use is exit 1 with a message, not a stack trace', async () => {
    const cwd = tempDir('cli-serve-');
    expect(zhanghui(['init', 'b'], { cwd }).code).toBe(0);
    const first = startZhanghui(['serve', 'b', '--port', '0'], { cwd });
    const base = (await first.waitFor(/^serving (http:\/\/\S+) /mu))[1];
    try {
      // Built into a folder of its own, which it must not touch: it stops before building anything.
      const r = zhanghui(['serve', 'b', '--port', new URL(base).port, '--out', 'second'], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error cannot listen on 127\.0\.0\.1:\d+: the port is in use.* \[serve:listen\]$/mu);
      expect(r.stderr).not.toMatch(/\n\s+at /u);
      expect(existsSync(join(cwd, 'second'))).toBe(false);
    } finally {
      first.child.kill('SIGTERM');
      await first.exit;
    }
  });
});
