#!/usr/bin/env node
/**
 * `npm start` / `npm test` (and `pnpm start` / `pnpm test`): makes this clone runnable, then hands
 * over to the real command. It runs before node_modules exist, so it imports node:* only.
 *
 * Each step says what it does in `setup | …` lines when it has work to do, and is skipped,
 * silently, when it has none: a warm run costs a few file reads and no network (under 0.1 s).
 *   1. FerretDB, the MongoDB-compatible server for local runs and tests, built once by
 *      tools/ferretdb/install.sh. First, so that a machine without Go hears it at once.
 *   1b. For `test`: kustomize and kubectl-validate, which check deploy/k8s offline, built once by
 *      tools/k8s/install.sh (KUSTOMIZE_BIN and KUBECTL_VALIDATE_BIN tell the tests where).
 *   2. pnpm at the version package.json pins (`packageManager`): the pnpm running this script,
 *      else a copy installed once with npm under ~/.cache/telepulse.
 *   3. The workspace's dependencies, when node_modules is missing or not from pnpm-lock.yaml.
 *   4. For `test`: Chromium, for the dashboard's browser tests (test/browser/): CHROMIUM_PATH, else
 *      /usr/bin/chromium, else Debian's `chromium` package installed with apt-get when we are root
 *      and have it. Without one the browser tests are skipped, and one line says why and how to
 *      run them (CHROMIUM_SKIPPED tells the tests the reason; CHROMIUM_PATH=none skips on purpose).
 *   5. For `test`: Redis and NATS, for the drift alert broker tests (test/e2e/drift-broker*):
 *      REDIS_SERVER_PATH / NATS_SERVER_PATH, else Debian's `redis-server` and `nats-server`
 *      installed with one apt-get call when we are root and have it, with no daemon left running.
 *      Without them those tests are skipped, and one line says why and how (BROKERS_SKIPPED).
 *   6. `pnpm run <script>` with the caller's arguments. Its exit status is ours, and SIGINT,
 *      SIGTERM and SIGHUP reach it, so Ctrl-C stops everything it started. package.json runs
 *      this script with `exec`, so that no shell sits between npm and us to swallow a SIGTERM.
 *
 * Usage: node tools/bootstrap.mjs start|test [arguments for the command…]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { constants, homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** What each command runs, and whether it needs FerretDB given the environment. */
const COMMANDS = {
  start: {
    script: 'start:system',
    needsFerretDb: (env) => !env.MONGODB_URI,
    withoutGo: (runner) =>
      `Install Go (https://go.dev/dl/) and run \`${runner} start\` again, or point MONGODB_URI at a MongoDB server (≥ 6): ` +
      `MONGODB_URI=mongodb://127.0.0.1:27017/ ${runner} start`,
  },
  test: {
    script: 'test:all',
    needsChromium: true,
    needsBrokers: true,
    needsK8sTools: true,
    // Even with MONGODB_URI: the outage e2e test stops and restarts a FerretDB of its own.
    needsFerretDb: () => true,
    withoutGo: (runner) =>
      `Install Go (https://go.dev/dl/) and run \`${runner} test\` again. MONGODB_URI alone is not enough here: ` +
      'one test stops and restarts a FerretDB of its own.',
  },
};
/** install.sh's exit status when Go is missing. */
const NO_GO = 3;

const root = join(import.meta.dirname, '..');
const env = process.env;
const [commandName, ...given] = process.argv.slice(2);
// `pnpm test -- x` hands us the `--` (npm drops it); passed on, it would stop vitest reading `x` as a filter.
const args = given[0] === '--' ? given.slice(1) : given;
const command = COMMANDS[commandName];
if (!command) {
  console.error(`usage: node tools/bootstrap.mjs ${Object.keys(COMMANDS).join('|')} [arguments…] (got ${JSON.stringify(commandName)})`);
  process.exit(2);
}
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
const pnpmVersion = /^pnpm@(\d+\.\d+\.\d+)$/.exec(pinned)?.[1];
if (!pnpmVersion) throw new Error(`package.json: expected "packageManager": "pnpm@<x.y.z>", found ${JSON.stringify(pinned)}`);
const cacheDir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'telepulse');
/** `npm` or `pnpm`: what the user typed, for messages. */
const runner = (env.npm_config_user_agent ?? '').startsWith('pnpm/') ? 'pnpm' : 'npm';

const say = (line) => console.error(`setup | ${line}`);

/**
 * Every command runs as the leader of a process group of its own (a new session), and that
 * group is what we signal: a signal we get reaches every process the command started, however
 * deep (pnpm → sh → tsx → node → FerretDB), where the shells in between would pass on a SIGTERM
 * to none of them. So SIGTERM stops everything the way Ctrl-C does, and whatever is left in the
 * group when the command ends (a FerretDB after a crash) is stopped with it.
 */
let current;
/** Sends `signal` (0: none, only asks) to a process group; false when nothing is left in it. */
const signalGroup = (pid, signal) => {
  try {
    return process.kill(-pid, signal);
  } catch {
    return false;
  }
};
/** Stops whatever is left in a process group, and waits (up to 5 s) until it has gone. */
async function stopGroup(pid) {
  if (!signalGroup(pid, 'SIGTERM')) return;
  for (let i = 0; i < 50 && signalGroup(pid, 0); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}
const lastSignalled = {};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!current) process.exit(128 + constants.signals[signal]);
    // A terminal's Ctrl-C reaches us twice (directly and passed on by npm): pass it on once, as
    // pnpm takes a second SIGINT for "kill now". A repeat a moment later is the user's own.
    if (Date.now() - (lastSignalled[signal] ?? 0) < 300) return;
    lastSignalled[signal] = Date.now();
    signalGroup(current.pid, signal);
  });
}

/** Runs a command to its end and resolves with its exit status; when a signal ended it, ends us the same way. */
function run(file, argv, { stdio = ['ignore', 'inherit', 'inherit'], extraEnv = {}, onChild } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd: root, stdio, detached: true, env: { ...env, ...extraEnv } });
    current = child;
    onChild?.(child);
    child.once('error', reject);
    // 'close', not 'exit': by then a piped output has been read to its end.
    child.once('close', async (code, signal) => {
      current = undefined;
      await stopGroup(child.pid);
      if (signal) {
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      }
      resolve(code ?? 1);
    });
  });
}

/**
 * Runs one of the Go build scripts of tools/ (`tools/<name>/install.sh`), its progress shown as
 * `setup | …` lines; resolves with the paths it printed, one a line, or exits saying what is needed.
 */
async function buildWithGo(script) {
  let paths = '';
  const status = await run('bash', [join(root, script)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    onChild: (child) => {
      child.stdout.on('data', (chunk) => (paths += chunk));
      // Go names each module it downloads: some sixty lines that say nothing the progress line does not.
      createInterface({ input: child.stderr }).on('line', (line) => line.startsWith('go: downloading ') || say(line));
    },
  });
  if (status === NO_GO) {
    say(command.withoutGo(runner));
    process.exit(1);
  }
  if (status !== 0) process.exit(status);
  return paths.trim().split('\n');
}

/** Step 1: the FerretDB binary's path (built when missing), or exits saying what is needed. */
async function ensureFerretDb() {
  if (env.FERRETDB_BIN && existsSync(env.FERRETDB_BIN)) return env.FERRETDB_BIN;
  const [path] = await buildWithGo('tools/ferretdb/install.sh');
  return path;
}

/**
 * Step 1b: `{ KUSTOMIZE_BIN, KUBECTL_VALIDATE_BIN }`, built when missing, or exits saying what is needed.
 * Given both (set and present), nothing is built.
 */
async function ensureK8sTools() {
  if ([env.KUSTOMIZE_BIN, env.KUBECTL_VALIDATE_BIN].every((file) => file && existsSync(file))) {
    return { KUSTOMIZE_BIN: env.KUSTOMIZE_BIN, KUBECTL_VALIDATE_BIN: env.KUBECTL_VALIDATE_BIN };
  }
  const [kustomize, validate] = await buildWithGo('tools/k8s/install.sh');
  return { KUSTOMIZE_BIN: kustomize, KUBECTL_VALIDATE_BIN: validate };
}

/**
 * Step 2: how to run the pinned pnpm, as [file, ...leading arguments], and a PATH on which
 * `pnpm` is that one (package.json scripts call `pnpm run …`).
 */
async function ensurePnpm() {
  if ((env.npm_config_user_agent ?? '').startsWith(`pnpm/${pnpmVersion} `) && env.npm_execpath) {
    const self = /\.c?js$/.test(env.npm_execpath) ? [process.execPath, env.npm_execpath] : [env.npm_execpath];
    return { command: self, path: env.PATH };
  }
  const home = join(cacheDir, `pnpm-${pnpmVersion}`);
  const manifest = join(home, 'node_modules/pnpm/package.json');
  if (!existsSync(manifest)) {
    say(`installing pnpm ${pnpmVersion} with npm into ${home} (once, a few seconds)…`);
    mkdirSync(cacheDir, { recursive: true });
    // Installed beside the final place and renamed, so an interrupted install is never taken for a finished one.
    const staging = mkdtempSync(join(cacheDir, `.pnpm-${pnpmVersion}-`));
    const status = await run('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${pnpmVersion}`]);
    if (status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      say(`npm could not install pnpm ${pnpmVersion} (exit status ${status}); see its output above`);
      process.exit(status);
    }
    try {
      renameSync(staging, home);
    } catch (error) {
      // Another run finished first: keep its copy.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(manifest)) throw error;
    }
  }
  const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin;
  return {
    command: [process.execPath, join(dirname(manifest), typeof bin === 'string' ? bin : bin.pnpm)],
    path: [join(home, 'node_modules/.bin'), env.PATH].filter(Boolean).join(delimiter),
  };
}

/** Step 3: installs the workspace's dependencies unless node_modules matches pnpm-lock.yaml. */
async function ensureDependencies([file, ...leading]) {
  // pnpm keeps a copy of the lockfile it last installed from; equal bytes mean nothing to do.
  const installed = join(root, 'node_modules/.pnpm/lock.yaml');
  const lockfile = readFileSync(join(root, 'pnpm-lock.yaml'));
  if (existsSync(installed) && lockfile.equals(readFileSync(installed))) return;
  const why = existsSync(installed) ? 'pnpm-lock.yaml changed since the last install' : 'node_modules is missing';
  say(`installing dependencies with pnpm ${pnpmVersion} (${why}; up to a minute the first time)…`);
  const status = await run(file, [...leading, 'install', '--frozen-lockfile', '--config.confirm-modules-purge=false'], {
    // onnxruntime-node's install script would download CUDA libraries; its CPU binaries ship in the package.
    extraEnv: { ONNXRUNTIME_NODE_INSTALL_CUDA: env.ONNXRUNTIME_NODE_INSTALL_CUDA ?? 'skip' },
  });
  if (status !== 0) process.exit(status);
}

/** Debian's package, and where it puts the browser. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Finds a program on PATH; undefined when it is not there. */
const onPath = (name) => (env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)).find((file) => existsSync(file));

/**
 * Installs Debian `packages` with one apt-get call, fetching the package lists (apt-get update)
 * and trying once more when the lists it has do not know them; resolves with its status and output.
 */
async function aptInstall(packages) {
  let result = await aptGet(['install', '-y', '--no-install-recommends', ...packages]);
  // A fresh image has no package lists yet: fetch them, then try once more.
  if (result.status !== 0) {
    say(`apt-get could not install ${packages.join(' ')} from the package lists it has; updating them (apt-get update)…`);
    const update = await aptGet(['update']);
    result = update.status === 0 ? await aptGet(['install', '-y', '--no-install-recommends', ...packages]) : update;
  }
  return result;
}

/** Runs apt-get with its output kept (shown only when it fails: a success prints a few hundred lines that say nothing); resolves with its status and output. */
async function aptGet(argv) {
  let output = '';
  const status = await run(onPath('apt-get'), argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    extraEnv: { DEBIAN_FRONTEND: 'noninteractive' },
    onChild: (child) => {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    },
  });
  return { status, output };
}

/**
 * Step 4: `{ CHROMIUM_PATH }` for the browser tests, or `{ CHROMIUM_SKIPPED: <why> }` once a
 * line has said why they are skipped and how to run them.
 */
async function ensureChromium() {
  const skip = (why, how) => {
    say(`browser tests skipped: ${why}. To run them: ${how}`);
    return { CHROMIUM_SKIPPED: why };
  };
  const given = env.CHROMIUM_PATH;
  if (given === 'none') return skip('CHROMIUM_PATH=none', 'leave CHROMIUM_PATH unset, or point it at a Chromium');
  if (given) return existsSync(given) ? { CHROMIUM_PATH: given } : skip(`CHROMIUM_PATH=${given} does not exist`, 'point CHROMIUM_PATH at a Chromium, or leave it unset for Debian\'s /usr/bin/chromium');
  if (existsSync(DEBIAN_CHROMIUM)) return { CHROMIUM_PATH: DEBIAN_CHROMIUM };
  const install = `apt-get install -y --no-install-recommends chromium (as root), or CHROMIUM_PATH=/path/to/chromium ${runner} test`;
  if (!onPath('apt-get')) return skip(`no Chromium at ${DEBIAN_CHROMIUM} and no apt-get to install Debian's chromium package`, `install Chromium and CHROMIUM_PATH=/path/to/chromium ${runner} test`);
  if (process.getuid?.() !== 0) return skip(`no Chromium at ${DEBIAN_CHROMIUM}, and installing it takes root`, install);
  say(`installing Debian's chromium package with apt-get for the browser tests (once, a minute or two)…`);
  const result = await aptInstall(['chromium']);
  if (result.status === 0 && existsSync(DEBIAN_CHROMIUM)) return { CHROMIUM_PATH: DEBIAN_CHROMIUM };
  const last = result.output.trim().split('\n').slice(-5).join(' / ');
  return skip(`apt-get could not install chromium (exit status ${result.status}: ${last})`, install);
}

/** Where Debian's packages put the brokers, by the variable that hands each to the tests. */
const DEBIAN_BROKERS = { REDIS_SERVER_PATH: ['redis-server', '/usr/bin/redis-server'], NATS_SERVER_PATH: ['nats-server', '/usr/sbin/nats-server'] };
/** Debian's answer to "may this package start its daemon?" in invoke-rc.d: 101, action forbidden. */
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * Step 5: `{ REDIS_SERVER_PATH, NATS_SERVER_PATH }` for the broker tests, or `{ BROKERS_SKIPPED:
 * <why> }` once a line has said why they are skipped and how to run them. The packages' postinst
 * would start both as system daemons; a policy-rc.d that forbids it (ours, removed afterwards,
 * unless the machine has one of its own) keeps them from outliving the run: the tests start
 * their own on loopback ports.
 */
async function ensureBrokers() {
  const found = {};
  const missing = [];
  for (const [name, [pkg, path]] of Object.entries(DEBIAN_BROKERS)) {
    if (env[name] && existsSync(env[name])) found[name] = env[name];
    else if (existsSync(path)) found[name] = path;
    else missing.push(pkg);
  }
  if (missing.length === 0) return found;
  const skip = (why, how) => {
    say(`broker tests skipped: ${why}. To run them: ${how}`);
    return { BROKERS_SKIPPED: why };
  };
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')} (as root), or REDIS_SERVER_PATH=/path/to/redis-server NATS_SERVER_PATH=/path/to/nats-server ${runner} test`;
  if (!onPath('apt-get')) return skip(`no ${missing.join(' or ')} and no apt-get to install Debian's packages`, `install Redis and NATS and REDIS_SERVER_PATH=/path/to/redis-server NATS_SERVER_PATH=/path/to/nats-server ${runner} test`);
  if (process.getuid?.() !== 0) return skip(`no ${missing.join(' or ')}, and installing ${missing.length > 1 ? 'them' : 'it'} takes root`, install);
  say(`installing Debian's ${missing.join(' and ')} package${missing.length > 1 ? 's' : ''} with apt-get for the drift broker tests (once, under a minute)…`);
  const ownPolicy = !existsSync(POLICY_RC_D);
  if (ownPolicy) writeFileSync(POLICY_RC_D, '#!/bin/sh\n# Written by telepulse tools/bootstrap.mjs while it installs the brokers: no daemon may start.\nexit 101\n', { mode: 0o755 });
  let result;
  try {
    result = await aptInstall(missing);
  } finally {
    if (ownPolicy) rmSync(POLICY_RC_D, { force: true });
  }
  for (const [name, [, path]] of Object.entries(DEBIAN_BROKERS)) if (!found[name] && existsSync(path)) found[name] = path;
  if (result.status === 0 && Object.keys(found).length === Object.keys(DEBIAN_BROKERS).length) return found;
  const last = result.output.trim().split('\n').slice(-5).join(' / ');
  return skip(`apt-get could not install ${missing.join(' ')} (exit status ${result.status}: ${last})`, install);
}

const ferretDb = command.needsFerretDb(env) ? { FERRETDB_BIN: await ensureFerretDb() } : {};
const k8sTools = command.needsK8sTools ? await ensureK8sTools() : {};
const pnpm = await ensurePnpm();
await ensureDependencies(pnpm.command);
const chromium = command.needsChromium ? await ensureChromium() : {};
const brokers = command.needsBrokers ? await ensureBrokers() : {};
const [file, ...leading] = pnpm.command;
process.exitCode = await run(file, [...leading, 'run', command.script, ...args], { stdio: 'inherit', extraEnv: { ...ferretDb, ...k8sTools, ...chromium, ...brokers, PATH: pnpm.path } });
