// The browser tests drive Debian's Chromium through playwright-core (playwright's own
// browser download does not work offline). Install the package when it is missing, so the
// one test command works on a fresh machine.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const path = process.env.SIJILL_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = (args) =>
  spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['-n', 'apt-get', ...args], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });

console.log(`Chromium not found at ${path}; installing Debian's chromium package for the browser tests`);
let result = apt(['install', '-y', '--no-install-recommends', 'chromium']);
if (result.status !== 0) {
  apt(['update']);
  result = apt(['install', '-y', '--no-install-recommends', 'chromium']);
}
if (result.status !== 0 || !existsSync(path)) {
  console.error(
    `Could not install Chromium (apt-get exit ${result.status}). Install it with ` +
      `"apt-get install chromium", or set SIJILL_CHROMIUM to a Chromium binary.`,
  );
  process.exit(1);
}
