/** Time from `sijill serve --demo` on an empty data folder to the first HTTP 200. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function measureStartup(port = 18080): Promise<{ firstOkSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sijill-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, [new URL('../bin/sijill.js', import.meta.url).pathname, 'serve', '--demo'], {
    env: { ...process.env, DATABASE_URL: '', SIJILL_DATA_DIR: dir, PORT: String(port), SIJILL_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - started > 120_000) throw new Error('the server did not answer within 120 s');
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (response.status === 200) return { firstOkSeconds: (performance.now() - started) / 1000 };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
