// Every bin/keyfront command, in the order `--help` lists them.
import type { Command } from './args.ts';
import { adminPageCommands } from './admin-commands.ts';
import { authCommands } from './auth-commands.ts';
import { coreCommands } from './commands.ts';
import { jwtCommands } from './jwt-commands.ts';
import { migrationCommands } from './migration-commands.ts';

export const commands: Command[] = [...coreCommands, ...authCommands, ...jwtCommands, ...migrationCommands, ...adminPageCommands];
