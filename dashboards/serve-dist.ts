/**
 * Serves the built site (`dist/`) on 127.0.0.1 with sirv: for local checks and the browser test.
 * Run: `tsx dashboards/serve-dist.ts [port]` (default: the PORT environment variable, else 3000; 0 picks a free port).
 */
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sirv from "sirv";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export interface DistServer {
  url: string;
  close: () => Promise<void>;
}

export async function serveDist(
  distDir: string = path.join(repoRoot, "dist"),
  port = 0,
): Promise<DistServer> {
  if (!existsSync(path.join(distDir, "index.html"))) {
    throw new Error(`serve-dist: ${distDir}/index.html not found; build the site first (npm run build:site)`);
  }
  const handler = sirv(distDir, { dev: false, etag: true, extensions: ["html"] });
  const server = createServer((request, response) =>
    handler(request, response, () => {
      response.statusCode = 404;
      response.end("Not found");
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
  serveDist(undefined, port).then(
    (server) => console.log(`serving dist/ at ${server.url} (Ctrl-C to stop)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
