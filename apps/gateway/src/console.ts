import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * Serves the web console's built files (`apps/console/dist`): its page at `/` for a browser, its
 * assets by path. A client that asks `/` for JSON still gets the gateway's index. Null when the
 * console is not built.
 */
export function consoleHandler(dir: string): RequestHandler | null {
  const page = join(dir, 'index.html');
  if (!existsSync(page)) return null;
  const router = express.Router();
  router.get(['/', '/index.html'], (req, res, next) => {
    if (req.accepts(['json', 'html']) !== 'html') return next();
    // The page names its hashed assets: always fetch it fresh, so a new build is seen at once.
    res.set('Cache-Control', 'no-cache').sendFile(page);
  });
  router.use(
    express.static(dir, {
      index: false,
      setHeaders: (res, path) => {
        if (path.includes(`${join(dir, 'assets')}`))
          res.set('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  return router;
}
