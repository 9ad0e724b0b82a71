/**
 * `npm run bench [-- OPTIONS]` (`--help` lists them): drives the production build in headless
 * Chromium. This file only dispatches: the command line is parsed once (bench/options.ts),
 * then this checkout is built and served, and the chosen run (bench/coreRun.ts,
 * bench/methodsStudy.ts or bench/compare.ts) receives the options.
 */
import { runCommand } from '../tools/node/commandLine';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './bench/options';

async function main(o: BenchOptions): Promise<void> {
  const { buildApp, startServer } = await import('./bench/server');
  const { launchBenchBrowser } = await import('./bench/browser');
  if (o.build) buildApp();
  const servers = [await startServer(o.port)];
  try {
    if (o.compareDist) servers.push(await startServer(o.port + 1, o.compareDist));
    const browser = await launchBenchBrowser();
    try {
      if (o.compareDist) {
        const { compareBuilds } = await import('./bench/compare');
        await compareBuilds(browser, { name: 'before', base: servers[1].base }, { name: 'after', base: servers[0].base }, o);
      } else if (o.shaderCompile) {
        const { compileStudy } = await import('./bench/compileStudy');
        await compileStudy(servers[0].base, o);
      } else if (o.wasmThreads) {
        const { threadsStudy } = await import('./bench/threadsStudy');
        await threadsStudy(browser, servers[0].base, o);
      } else if (o.parity) {
        const { parityStudy } = await import('./bench/parityStudy');
        await parityStudy(browser, servers[0].base, o);
      } else if (o.backends) {
        const { backendsStudy } = await import('./bench/backendsStudy');
        await backendsStudy(browser, servers[0].base, o);
      } else if (o.onlyMethods) {
        const { methodsStudy } = await import('./bench/methodsStudy');
        await methodsStudy(browser, servers[0].base, o);
      } else {
        const { coreRun } = await import('./bench/coreRun');
        await coreRun(browser, servers[0].base, o);
      }
    } finally {
      await browser.close();
    }
  } finally {
    for (const s of servers) s.stop();
  }
}

await runCommand(process.argv.slice(2), BENCH_USAGE, parseBenchOptions, main);
