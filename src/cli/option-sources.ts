import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { isPlainObject } from '../spec/index.ts';
import { UsageError } from './errors.ts';

/** Read from the working folder when neither --config nor TOKEN_CONTRACT_CONFIG names another file. */
export const CONFIG_FILE = 'token-contract.config.json';
export const CONFIG_ENV = 'TOKEN_CONTRACT_CONFIG';

/** `reportDir` → `TOKEN_CONTRACT_REPORT_DIR`. */
export const envName = (attribute: string): string =>
  `TOKEN_CONTRACT_${attribute.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** Whether the user chose the value (flag, environment or config file), rather than the default. */
export const chosen = (command: Command, attribute: string): boolean =>
  ['cli', 'env', 'config'].includes(command.getOptionValueSource(attribute) ?? '');

type Raw = { text: string } | { json: unknown };

/**
 * Fills in the options the command line left out: from the environment (`TOKEN_CONTRACT_<NAME>`),
 * then from the config file's section for this command; what neither sets keeps its default. Each
 * value goes through the option's own parser, so it is checked as a flag would be.
 */
export function applyOptionSources(command: Command, env: NodeJS.ProcessEnv, cwd: string = process.cwd()): void {
  const config = readConfig(command, env, cwd);
  const section = config?.sections[command.name()] ?? {};
  const byAttribute = new Map<string, Option[]>();
  for (const option of command.options) {
    if (option.attributeName() === 'config') continue;
    byAttribute.set(option.attributeName(), [...(byAttribute.get(option.attributeName()) ?? []), option]);
  }
  for (const key of Object.keys(section))
    if (!byAttribute.has(key))
      throw new UsageError(
        `${config?.path}: "${command.name()}.${key}" is not an option of token-contract ${command.name()}`,
      );

  for (const [attribute, options] of byAttribute) {
    if (chosen(command, attribute)) continue;
    const name = envName(attribute);
    const fromEnv = env[name];
    const [origin, source, raw]: [string, 'env' | 'config', Raw] | [undefined, undefined, undefined] =
      fromEnv !== undefined && fromEnv !== ''
        ? [name, 'env', { text: fromEnv }]
        : attribute in section
          ? [`${config?.path}: ${command.name()}.${attribute}`, 'config', { json: section[attribute] }]
          : [undefined, undefined, undefined];
    if (!origin) continue;
    try {
      command.setOptionValueWithSource(attribute, valueOf(options, raw), source);
    } catch (error) {
      throw new UsageError(`${origin}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function valueOf(options: readonly Option[], raw: Raw): unknown {
  const [option] = options as [Option];
  if (options.every((o) => o.isBoolean() || o.negate)) return flag(raw);
  const parse = (text: string, previous: unknown) => (option.parseArg ? option.parseArg(text, previous) : text);
  // A repeatable option: a comma-separated list in the environment, an array in the file.
  if (Array.isArray(option.defaultValue)) {
    const items =
      'text' in raw ? raw.text.split(',').map((s) => s.trim()) : Array.isArray(raw.json) ? raw.json : [raw.json];
    return items.reduce<unknown>((previous, item) => parse(scalar(item), previous), []);
  }
  return parse('text' in raw ? raw.text : scalar(raw.json), undefined);
}

function flag(raw: Raw): boolean {
  if ('json' in raw) {
    if (typeof raw.json !== 'boolean') throw new Error('expected true or false');
    return raw.json;
  }
  if (/^(true|1|yes)$/i.test(raw.text)) return true;
  if (/^(false|0|no)$/i.test(raw.text)) return false;
  throw new Error('expected true or false');
}

function scalar(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new Error('expected a string or a number');
}

/** The config file, if there is one: explicit (--config, TOKEN_CONTRACT_CONFIG) must exist; the default may not. */
function readConfig(
  command: Command,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { path: string; sections: Record<string, Record<string, unknown>> } | undefined {
  const explicit = (command.getOptionValue('config') as string | undefined) ?? (env[CONFIG_ENV] || undefined);
  const path = explicit ?? join(cwd, CONFIG_FILE);
  if (!existsSync(path)) {
    if (explicit) throw new UsageError(`the config file ${explicit} does not exist`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isPlainObject(parsed))
    throw new UsageError(`${path}: expected an object of sections, e.g. { "fuzz": { "runs": 20 } }`);
  const commands = command.parent?.commands.map((c) => c.name()) ?? [command.name()];
  const sections: Record<string, Record<string, unknown>> = {};
  for (const [name, section] of Object.entries(parsed)) {
    if (!commands.includes(name))
      throw new UsageError(`${path}: "${name}" is not a command of token-contract (${commands.join(', ')})`);
    if (!isPlainObject(section)) throw new UsageError(`${path}: "${name}" must be an object of options`);
    sections[name] = section;
  }
  return { path, sections };
}
