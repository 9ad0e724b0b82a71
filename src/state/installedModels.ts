import { MODELS } from '../models/registry';
import { useCamStore } from './store';

/**
 * Which registry models have their files on this server, so the picker can mark the
 * others before anyone picks one. A HEAD request per model.json: a missing one answers
 * 404, or (dev and preview servers) index.html instead of JSON.
 */
export async function checkInstalledModels(): Promise<void> {
  const found = await Promise.all(
    MODELS.map(async (m) => {
      try {
        const res = await fetch(new URL(`models/${m.id}/model.json`, document.baseURI), { method: 'HEAD' });
        if (res.status === 405 || res.status === 501) return null; // a server without HEAD: unknown
        return [m.id, res.ok && !(res.headers.get('content-type') ?? '').includes('text/html')] as const;
      } catch {
        return null; // offline or blocked: unknown, not "missing"
      }
    }),
  );
  const installed = Object.fromEntries(found.filter((f) => f !== null));
  // A load that already finished knows better than this check.
  useCamStore.setState((s) => ({ installed: { ...installed, ...s.installed } }));
}
