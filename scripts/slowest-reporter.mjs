// A node:test reporter that closes the run with its ten slowest test files (the sum of each
// file's top-level test durations, as the runner measured them), so a suite that drifts past
// its time budget shows where the time went.
export default async function* slowestReporter(source) {
  const byFile = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.nesting !== 0 || !event.data.file) continue;
    byFile.set(event.data.file, (byFile.get(event.data.file) ?? 0) + (event.data.details?.duration_ms ?? 0));
  }
  const root = new URL('..', import.meta.url).pathname;
  const rows = [...byFile].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  yield `\nslowest test files (of ${rows.length}, ${(total / 1000).toFixed(0)} s of tests in all):\n`;
  for (const [file, ms] of rows.slice(0, 10)) yield `${(ms / 1000).toFixed(1).padStart(8)} s  ${file.replace(root, '')}\n`;
}
