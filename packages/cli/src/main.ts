import { StackError } from "@ameide/stack";
import { stackCommand } from "./stack-command.js";

const usage = `usage: ameide <command>

  stack up|down|status [--json]|logs [engine] [-f]|reset   the local PostgreSQL, Kafka and Temporal`;

/** Dispatches `ameide <command> ...`. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "stack":
      return stackCommand(rest);
    default:
      console.error(usage);
      return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof StackError || error instanceof AggregateError ? error.message : error);
    process.exit(1);
  },
);
