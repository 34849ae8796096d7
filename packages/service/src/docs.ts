import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * `/docs`: Swagger UI over the app's `/openapi.json`, served from the installed package, so the page
 * works offline. URLs are built from the mount path, so it works under the gateway's `/<domain>` too.
 */
export function docsRouter(title: string): Router {
  const router = express.Router();
  router.use('/docs/assets', express.static(swaggerDir, { index: false, maxAge: '1d' }));
  router.get('/docs/init.js', (req, res) => {
    res.type('text/javascript').send(
      // validatorUrl: null keeps the page from calling the public validator service.
      `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(`${req.baseUrl}/openapi.json`)}, dom_id: '#ui',` +
        ` deepLinking: true, validatorUrl: null, presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout' });\n`,
    );
  });
  router.get('/docs', (req, res) => {
    const base = `${req.baseUrl}/docs`;
    res.type('html').send(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title.replace(/[<&>]/g, '')} reference</title>
<link rel="stylesheet" href="${base}/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="${base}/assets/swagger-ui-bundle.js"></script>
<script src="${base}/init.js"></script>
</body></html>
`);
  });
  return router;
}
