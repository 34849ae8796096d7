import type { Request, RequestHandler } from 'express';
import { sendsApiKey, type ApiKey } from './auth.js';
import { HttpError } from './problem.js';

/** The methods that change state: the ones a page of another site must not make a browser send here. */
const STATE_CHANGING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether requests with this method change state (and so are refused when a browser sends them cross-site). */
export function changesState(method: string): boolean {
  return STATE_CHANGING.has(method.toUpperCase());
}

/** `host[:port]` as a URL of `protocol` writes it (lowercase, no default port); null when it is not one. */
function hostOf(protocol: string, host: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

/**
 * Why a browser's request came from a page of another site, or null when it did not (or no browser
 * sent it). Browsers say so in `Sec-Fetch-Site`, which a page cannot set; older ones send `Origin`
 * with every POST, compared with the host the request was sent to (`X-Forwarded-Host` where `trust
 * proxy` trusts it). No `Origin` at all is a client that is not a browser page: curl, a server.
 */
export function crossSiteReason(req: Request): string | null {
  const site = req.get('sec-fetch-site')?.toLowerCase();
  // The browser's own word that the server's own page sent it, whatever a proxy did to Host.
  if (site === 'same-origin') return null;
  if (site === 'cross-site') return 'the browser says a page of another site sent it (Sec-Fetch-Site)';
  const origin = req.get('origin');
  if (origin === undefined) return null;
  let from: URL | null = null;
  try {
    from = new URL(origin);
  } catch {
    // `Origin: null`: a sandboxed frame, a file, a redirect from elsewhere: no page of this server.
  }
  const to = req.host ? hostOf(from?.protocol ?? 'http:', req.host) : null;
  if (from && to !== null && from.host === to) return null;
  const page = from ? from.origin : `origin "${origin.slice(0, 100)}"`;
  return `a page of ${page} sent it to ${to ?? 'this server'}`;
}

/**
 * Refuses state-changing requests (POST, PUT, PATCH, DELETE) that a browser sent from a page of
 * another site, with a 403 `CROSS_SITE_REQUEST`: any body but JSON is an upload, and a form post or
 * a body without a Content-Type needs no CORS preflight, so without API keys (the default, on
 * loopback) any web page could otherwise start jobs on a local server. A request that sends one of
 * `keys` passes (a browser never adds a key of its own accord); the key check then decides whether it
 * may call what it calls.
 */
export function refuseCrossSite(keys: readonly ApiKey[]): RequestHandler {
  const keyed = sendsApiKey(keys);
  return (req, _res, next) => {
    if (!changesState(req.method)) return next();
    const reason = crossSiteReason(req);
    if (reason === null || keyed(req)) return next();
    next(
      new HttpError(
        'CROSS_SITE_REQUEST',
        `a ${req.method} from another site's page is refused (${reason}): call this API from its own ` +
          'pages, from a program (which sends no Origin), or with an API key',
      ),
    );
  };
}
