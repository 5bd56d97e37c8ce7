/**
 * `npm start`: the Peakline web UI and API on http://127.0.0.1:3000.
 *
 * Environment (each checked; a bad value exits with code 2 and says why):
 *   HOST                  interface to listen on (default 127.0.0.1; 0.0.0.0 exposes it to the network)
 *   PORT                  0-65535 (default 3000; 0 = any free port)
 *   DATA_DIR              run store directory (default ./data, created on first start)
 *   MAX_CONCURRENT_RUNS   runs/plans computing at once (default 2)
 *   MAX_REPLICATIONS      largest replications per run (default 500)
 *   BODY_LIMIT            largest request body in bytes (default 2 MiB)
 *   WORKERS               simulation threads shared by all runs and plans (default: the machine's cores)
 */
import { isIP } from "node:net";
import { resolve } from "node:path";

const USAGE = 2;

class EnvError extends Error {}

function intEnv(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return def;
  if (!/^\d+$/.test(raw.trim())) throw new EnvError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new EnvError(`${name} must be a whole number from ${min} to ${max}, got ${n}`);
  return n;
}

/** An IP address or a host name (RFC 1123 labels). */
function hostEnv(): string {
  const raw = process.env.HOST;
  if (raw === undefined || raw.trim() === "") return "127.0.0.1";
  const h = raw.trim();
  const hostname = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
  if (isIP(h) === 0 && !hostname.test(h)) throw new EnvError(`HOST must be an IP address (such as 127.0.0.1 or 0.0.0.0) or a host name, got ${JSON.stringify(raw)}`);
  return h;
}

function config() {
  return {
    host: hostEnv(),
    port: intEnv("PORT", 3000, 0, 65535),
    dataDir: resolve(process.env.DATA_DIR?.trim() || "data"),
    maxConcurrentRuns: intEnv("MAX_CONCURRENT_RUNS", 2, 1, 64),
    maxReplications: intEnv("MAX_REPLICATIONS", 500, 1, 100_000),
    bodyLimit: intEnv("BODY_LIMIT", 2 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    workers: process.env.WORKERS ? intEnv("WORKERS", 1, 1, 256) : undefined,
  };
}

async function main(): Promise<void> {
  let cfg: ReturnType<typeof config>;
  try {
    cfg = config();
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`peakline: ${e.message}\n`);
      process.exit(USAGE);
    }
    throw e;
  }
  // Imported after the checks, so a bad variable is reported at once, before the app loads.
  const { buildApp } = await import("./api/app.js");
  const app = await buildApp({ ...cfg, logger: { level: process.env.LOG_LEVEL ?? "warn" } });
  try {
    await app.listen({ host: cfg.host, port: cfg.port });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === "EADDRINUSE" ? `port ${cfg.port} is already in use (set PORT to another port)` : code === "EADDRNOTAVAIL" ? `HOST ${cfg.host} is not an address of this machine` : code === "EACCES" ? `no permission to listen on port ${cfg.port}` : (e as Error).message;
    process.stderr.write(`peakline: cannot listen on ${cfg.host}:${cfg.port}: ${why}\n`);
    await app.close();
    process.exit(code === "EADDRINUSE" || code === "EADDRNOTAVAIL" || code === "EACCES" ? USAGE : 1);
  }
  // Start the shared worker threads now, so the first run does not wait for them.
  app.peakline.workers();
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : cfg.port;
  const shown = cfg.host.includes(":") ? `[${cfg.host}]` : cfg.host;
  process.stdout.write(`Peakline is running at http://${shown}:${port}/  (API docs: http://${shown}:${port}/docs; runs stored in ${cfg.dataDir})\n`);

  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${signal}: stopping (runs in progress are marked failed)...\n`);
    await app.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

void main();
