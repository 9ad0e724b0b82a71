/** Debian's Chromium: Playwright's own browser download is not available here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What every test and bench browser is launched with. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  // WebGL through SwiftShader where there is no GPU (slow but real).
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/** Launch options for a Chromium whose camera plays `clip` (a Y4M file), granted without a prompt. */
export function fakeCameraLaunch(clip: string): { executablePath: string; args: string[] } {
  return {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clip}`],
  };
}
