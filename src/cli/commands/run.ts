/** `run`: the agent in the foreground. Its flags are the option table's; parsed into RunOptions, they go to the daemon. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { RunOptions } from '../../config/agent-options.js';
import { RUN_OPTION_ROWS, type RunOptionRow } from '../../config/run-option-table.js';
import { toRunOptions } from '../../config/to-run-options.js';

export function registerRunCommand(program: Command, runAgent: (options: RunOptions) => Promise<void>): void {
  const run = program.command('run').description('run the agent in the foreground');
  for (const row of RUN_OPTION_ROWS) run.addOption(toFlag(row));
  run.action(async (values: Record<string, unknown>, command: Command) => {
    const explicit = Object.keys(values).filter((key) => command.getOptionValueSource(key) === 'cli');
    await runAgent(toRunOptions(values, explicit));
  });
}

/** The row as a commander option: --help shows its description, choices and default. */
function toFlag(row: RunOptionRow): Option {
  const option = new Option(row.flags, row.description);
  const { parse, choices } = row.kind;
  if (choices) option.choices(choices);
  else if (parse) {
    option.argParser((text: string) => {
      const parsed = parse(text);
      if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
      return parsed.value;
    });
  }
  return row.default !== undefined ? option.default(row.default, row.defaultText) : option;
}
