import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The command lines of `npm run eval` and `npm run bench`: parsed once, strictly (node:util
 * parseArgs), into a typed options object, before anything slow is loaded or run. An unknown
 * flag, a typo or a bad value is a UsageError, and the program stops at once.
 */

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Options that take a value, by name (the value is checked where it is read). */
export function stringOptions<K extends string>(...names: K[]): Record<K, { type: 'string' }> {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as Record<K, { type: 'string' }>;
}

/** Flags without a value, by name. */
export function booleanOptions<K extends string>(...names: K[]): Record<K, { type: 'boolean' }> {
  return Object.fromEntries(names.map((n) => [n, { type: 'boolean' }])) as Record<K, { type: 'boolean' }>;
}

/** A command-line mistake: said with a pointer to --help, exit status 2. */
export class UsageError extends Error {}

/** Every option given, by name (strict: nothing unknown, no positionals, no missing values). */
export function parseStrict<O extends OptionsConfig>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // parseArgs' own messages name the flag (e.g. "Unknown option '--limt'").
    throw new UsageError((e as Error).message);
  }
}

/** A whole number ≥ `min`, from the flag `name`'s text (absent: `fallback`). */
export function intOption(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name}: expected a whole number ≥ ${min}, got "${text}"`);
  return n;
}

/** A comma-separated list whose items must each be one of `known` (when given). */
export function listOption(name: string, text: string, known?: readonly string[]): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${name}: expected a comma-separated list, got "${text}"`);
  const unknown = known ? items.filter((i) => !known.includes(i)) : [];
  if (unknown.length) throw new UsageError(`--${name}: unknown ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${known!.join(', ')})`);
  return items;
}

/** One of `allowed`, from the flag `name`'s text. */
export function choiceOption<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--${name}: expected one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

/**
 * Runs a command-line program: `--help` (or `-h`) prints `usage` and exits 0; otherwise
 * `parse` turns the arguments into options and `main` runs with them. A UsageError prints
 * its message and exits 2 before anything runs.
 */
export async function runCommand<T>(argv: readonly string[], usage: string, parse: (argv: readonly string[]) => T, main: (options: T) => Promise<void>): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage.trim()}\n`);
    return;
  }
  let options: T;
  try {
    options = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
  await main(options);
}
