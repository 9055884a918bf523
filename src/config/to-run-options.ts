import type { RunOptions } from './agent-options.js';
import { RUN_OPTION_ROWS } from './run-option-table.js';

/**
 * The `run` flags' values, keyed as commander keys them (the flag in camelCase), as RunOptions;
 * `explicitKeys` are those given on the command line rather than defaulted.
 */
export function toRunOptions(values: Readonly<Record<string, unknown>>, explicitKeys: readonly string[]): RunOptions {
  const options: Record<string, unknown> = {};
  for (const row of RUN_OPTION_ROWS) {
    const value = values[row.key];
    if (value !== undefined) options[row.field] = value;
  }
  const explicit = new Set(RUN_OPTION_ROWS.filter((row) => explicitKeys.includes(row.key)).map((row) => row.field));
  // Every field the table defaults is set, and each value is of its field's type: the table's types see to both.
  return { ...(options as Omit<RunOptions, 'explicit'>), explicit };
}
