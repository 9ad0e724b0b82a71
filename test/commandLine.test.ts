import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { choiceOption, intOption, listOption, parseStrict, runCommand, UsageError } from '../tools/node/commandLine';
import { REPO_ROOT } from '../tools/node/paths';

const OPTIONS = { limit: { type: 'string' }, tune: { type: 'boolean' } } as const;

describe('the command line of eval and bench (tools/node/commandLine.ts)', () => {
  it('parses known flags and rejects an unknown one, a typo, a positional or a missing value', () => {
    expect(parseStrict(['--limit', '3', '--tune'], OPTIONS)).toEqual({ limit: '3', tune: true });
    expect(() => parseStrict(['--limt', '3'], OPTIONS)).toThrow(UsageError);
    expect(() => parseStrict(['--limt', '3'], OPTIONS)).toThrow(/--limt/);
    expect(() => parseStrict(['photos'], OPTIONS)).toThrow(UsageError);
    expect(() => parseStrict(['--limit'], OPTIONS)).toThrow(UsageError);
    expect(() => parseStrict(['--tune=yes'], OPTIONS)).toThrow(UsageError);
  });

  it('checks values: whole numbers, lists against the known names, one of a choice', () => {
    expect(intOption('limit', undefined, Infinity)).toBe(Infinity);
    expect(intOption('limit', '4', Infinity)).toBe(4);
    expect(() => intOption('limit', 'four', Infinity)).toThrow(/--limit: expected a whole number/);
    expect(() => intOption('limit', '0', Infinity)).toThrow(UsageError);
    expect(listOption('settings', 'paper,best', ['paper', 'default', 'best'])).toEqual(['paper', 'best']);
    expect(() => listOption('settings', 'paper,bset', ['paper', 'default', 'best'])).toThrow(/unknown "bset"/);
    expect(choiceOption('split', 'tune', ['tune', 'report'] as const)).toBe('tune');
    expect(() => choiceOption('split', 'train', ['tune', 'report'] as const)).toThrow(/--split/);
  });

  it('--help prints the usage and runs nothing; a mistake exits 2 before anything runs', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const main = vi.fn(async () => {});
    try {
      await runCommand(['--help'], 'usage: try me', (a) => parseStrict(a, OPTIONS), main);
      expect(out).toHaveBeenCalledWith('usage: try me\n');
      await expect(runCommand(['--limt', '3'], 'usage', (a) => parseStrict(a, OPTIONS), main)).rejects.toThrow('exit 2');
      expect(String(err.mock.calls[0][0])).toMatch(/--limt[\s\S]*--help/);
      expect(main).not.toHaveBeenCalled();
      await runCommand(['--limit', '3'], 'usage', (a) => parseStrict(a, OPTIONS), main);
      expect(main).toHaveBeenCalledWith({ limit: '3' });
    } finally {
      out.mockRestore();
      err.mockRestore();
      exit.mockRestore();
    }
  });
});

/** Runs a script as `npm run` does (tsx), and returns its exit status and output. */
async function script(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file, ...args], { cwd: REPO_ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr, ms: performance.now() - t0 };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr, ms: performance.now() - t0 };
  }
}

describe('npm run eval and npm run bench, as programs', () => {
  it('--help prints the usage; an unknown flag fails at once, before any model or browser is loaded', async () => {
    const [evalHelp, evalTypo, benchHelp, benchTypo] = await Promise.all([
      script('scripts/eval.ts', ['--help']),
      script('scripts/eval.ts', ['--limt', '3']),
      script('scripts/bench.ts', ['--help']),
      script('scripts/bench.ts', ['--frmes', '500']),
    ]);
    expect(evalHelp.code).toBe(0);
    expect(evalHelp.stdout).toMatch(/^npm run eval/);
    expect(evalHelp.stdout).toContain('--limit N');
    expect(evalTypo.code).toBe(2);
    expect(evalTypo.stderr).toContain("Unknown option '--limt'");
    expect(evalTypo.stdout).toBe('');
    expect(benchHelp.code).toBe(0);
    expect(benchHelp.stdout).toMatch(/^npm run bench/);
    expect(benchHelp.stdout).toContain('--full');
    expect(benchTypo.code).toBe(2);
    expect(benchTypo.stderr).toContain("Unknown option '--frmes'");
    // "At once": no model loaded, no build, no browser (seconds, not minutes, on a loaded 2-core machine).
    expect(Math.max(evalTypo.ms, benchTypo.ms)).toBeLessThan(30_000);
  });
});
