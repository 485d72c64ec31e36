// bin/keyfront: dispatches to a command; exit 0 on success, non-zero with a one-line reason.
import { commands } from './registry.ts';
import { helpText, parse, UsageError } from './args.ts';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return ['Usage: bin/keyfront <command> [options]', '', 'Commands:', ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.description}`), '', 'Every command reads DATABASE_URL (default sqlite:var/keyfront.db in KEYFRONT_HOME, else the project folder), says on stderr which database it used, and has --help.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help' || name === 'list') {
    console.log(overview());
    return name ? 0 : 1;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Command "${name}" is not defined. Run bin/keyfront --help for the list.`);
    return 2;
  }
  try {
    const args = parse(command, rest);
    if (args.values.help) {
      console.log(helpText(command));
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    console.error(`${command.name} failed: ${(error as Error).message?.split('\n')[0] ?? String(error)}`);
    return 1;
  }
}
