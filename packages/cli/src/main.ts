import { StackError } from "@ameide/stack";
import { DefaultLogger, Runtime } from "@temporalio/worker";
import { boardCommand } from "./board-command.js";
import { demoCommand } from "./demo-command.js";
import { executorCommand } from "./executor-command.js";
import { runCommand } from "./run-command.js";
import { downCommand, upCommand } from "./up-command.js";
import { serveCommand } from "./serve-command.js";
import { stackCommand } from "./stack-command.js";
import { topicCommand } from "./topic-command.js";

const usage = `usage: ameide <command>

  demo                                                     two sample runs end to end (stack, platform, executors)
  up | down                                                the stack plus every service in the background (ports 8081, 8082)
  run start|approve|reject|cancel|watch ...                start and steer runs through the Process API
  board [--tenant T --repository R --initiative I] [--all] print a board read through KanbanQueryService
  stack up|down|status [--json]|logs [engine] [-f]|reset   the local PostgreSQL, Kafka and Temporal
  serve domain|relay [--port N] [--host H]                 run a service (engines from env or the local stack)
  executor <class> [--mode pool|job]                       run an executor class (toolrun.verify, agentwork.coder, ...)
  topic list | topic tail <topic> [--from-beginning]       the registry's topics; decoded records as JSON lines`;

// Temporal's worker lifecycle INFO lines would drown the CLI's own output.
Runtime.install({ logger: new DefaultLogger("WARN") });

/** Dispatches `ameide <command> ...`. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "stack":
      return stackCommand(rest);
    case "demo":
      return demoCommand();
    case "up":
      return upCommand();
    case "down":
      return downCommand();
    case "run":
      return runCommand(rest);
    case "board":
      return boardCommand(rest);
    case "serve":
      return serveCommand(rest);
    case "executor":
      return executorCommand(rest);
    case "topic":
      return topicCommand(rest);
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
