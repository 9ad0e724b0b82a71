import { spawn, spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../tools/node/paths';

/** `vite build` of this checkout into dist/ (what the bench serves unless --skip-build). */
export function buildApp(): void {
  const r = spawnSync('npx', ['vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

/**
 * `vite preview` of a built app (this checkout's dist/, or `outDir`) on 127.0.0.1:`port`.
 * Resolves with its base URL and a function that stops it.
 */
export function startServer(port: number, outDir?: string): Promise<{ base: string; stop: () => void }> {
  const base = `http://127.0.0.1:${port}`;
  const args = ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1', ...(outDir ? ['--outDir', outDir] : [])];
  // Its own process group, so stopping it also stops the vite process npx starts.
  const server = spawn('npx', args, { cwd: REPO_ROOT, stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  return new Promise((resolveReady, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      try {
        if ((await fetch(base)).ok) return resolveReady({ base, stop });
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) {
        stop();
        reject(new Error(`vite preview of ${outDir ?? 'dist'} did not start`));
      } else setTimeout(poll, 250);
    };
    void poll();
  });
}
