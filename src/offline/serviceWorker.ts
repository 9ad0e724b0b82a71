import { Workbox } from 'workbox-window';

/**
 * Registers the service worker vite-plugin-pwa builds (dist/sw.js; none under `npm run dev`)
 * and says what it means for the page: whether the app shell is kept for offline use, and
 * whether a new version waits. A new version never takes over by itself (registerType
 * 'prompt'): `acceptUpdate` hands over and reloads, when the caller says it is safe.
 */

export type ShellStatus =
  /** No service worker here: the dev server, or a browser or origin without them. */
  | 'off'
  /** Installing: the app shell is being precached. */
  | 'installing'
  /** Active: the app shell (page, scripts, worker bundle, samples) loads with no network. */
  | 'ready'
  /** The precache failed (a file missing, the quota): no offline copy. */
  | 'failed';

export interface ShellState {
  status: ShellStatus;
  /** A new version is installed and waits for the user's go-ahead. */
  updateWaiting: boolean;
  /** Why it is off or failed, for users. */
  reason: string | null;
}

export interface ShellControl {
  /** Lets the waiting version take over, then reloads the page under it. */
  acceptUpdate(): void;
  /** Asks the server for a newer version now (browsers also check on navigations). */
  checkForUpdate(): Promise<void>;
}

/** How often an open page asks for a new version. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * `startWhen`: registration waits for it. The first install downloads the whole app again into
 * the precache (megabytes), so the page holds it back until its first model has loaded and it
 * is idle, off the first result's path; meanwhile the state says it is installing.
 */
export function registerServiceWorker(onChange: (s: ShellState) => void, scriptUrl: string, enabled: boolean, startWhen: Promise<void> = Promise.resolve()): ShellControl {
  let state: ShellState = { status: 'off', updateWaiting: false, reason: null };
  const set = (patch: Partial<ShellState>) => onChange((state = { ...state, ...patch }));
  const none: ShellControl = { acceptUpdate: () => location.reload(), checkForUpdate: async () => undefined };
  if (!enabled) {
    set({ reason: 'the development server runs without a service worker' });
    return none;
  }
  if (!('serviceWorker' in navigator)) {
    set({ reason: 'this browser (or this address) does not allow service workers' });
    return none;
  }
  const wb = new Workbox(scriptUrl);
  set({ status: 'installing' });
  wb.addEventListener('activated', (e) => {
    if (!e.isUpdate) set({ status: 'ready' });
  });
  wb.addEventListener('waiting', () => set({ updateWaiting: true }));
  wb.addEventListener('redundant', () => {
    // An installing worker that turned redundant failed its precache (an update that took over does not come here).
    if (state.status !== 'ready') set({ status: 'failed', reason: 'the offline copy could not be saved (the download of the app failed or storage is full)' });
  });
  let registration: ServiceWorkerRegistration | undefined;
  startWhen
    .then(() => wb.register())
    .then((reg) => {
      registration = reg;
      // Also watched here, not only through workbox-window's 'waiting' (which treats a worker found
      // late as another tab's): a worker installed beside an active one is a new version. On a page
      // no worker controls yet (a first visit) it activates at once, but this page still runs the
      // old code: the prompt shows all the same.
      if (reg?.waiting && reg.active) set({ updateWaiting: true });
      reg?.addEventListener('updatefound', () => {
        const w = reg.installing;
        if (!reg.active || !w) return; // the first install
        w.addEventListener('statechange', () => {
          if (w.state === 'installed' || w.state === 'activated') set({ updateWaiting: true });
        });
      });
      if (reg?.active && !reg.installing) set({ status: 'ready' });
      setInterval(() => void wb.update(), UPDATE_CHECK_MS);
    })
    .catch((e: Error) => set({ status: 'failed', reason: `the service worker could not be registered (${e.message})` }));
  return {
    acceptUpdate: () => {
      // Reload once the new version is active: a page it controlled gets it as its controller,
      // and a page no worker controlled yet (the first visit's) loads under it after the reload.
      const waiting = registration?.waiting;
      if (!waiting) return location.reload();
      waiting.addEventListener('statechange', () => {
        if (waiting.state === 'activated') location.reload();
      });
      wb.messageSkipWaiting();
    },
    checkForUpdate: async () => {
      await wb.update();
    },
  };
}
