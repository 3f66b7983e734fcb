import { Argument, Command, CommanderError, Option } from "commander";
import type { BoardOptions } from "./board-command.js";
import { describeError, ExitCode } from "./cli-errors.js";
import type { CancelOptions, DecideOptions, StartOptions } from "./run-command.js";
import type { ConsoleOptions, TokenOptions } from "./token-command.js";
import type { RepoOptions } from "./repo-command.js";

// Every command module is imported when its command runs, so `ameide --help` loads no engine client.
type Action<A extends unknown[]> = (...args: A) => Promise<number>;
let exitCode: number = ExitCode.Ok;
const act =
  <A extends unknown[]>(action: Action<A>) =>
  async (...args: A) => {
    exitCode = await action(...args);
  };

const program = new Command("ameide")
  .description("The ameide platform: a local stack, the services, and runs across the Kanban board.")
  .option("--verbose", "print stack traces with errors")
  .exitOverride()
  .showSuggestionAfterError()
  .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
  .addHelpText(
    "after",
    `
Exit codes: 0 done; 1 the operation failed or a watched run did not complete; 2 usage error;
3 a service or engine is unreachable; 4 not found.

Quickstart: ameide up && ameide run start --sample`,
  );

program
  .command("demo")
  .description("two sample runs end to end: stack, platform and executors in this process")
  .action(act(async () => (await import("./demo-command.js")).demoCommand()));

program
  .command("up")
  .description("the stack plus every service in the background (domain :8081, process :8082, projection :8083)")
  .action(act(async () => (await import("./up-command.js")).upCommand()));

program
  .command("down")
  .description("stop the services `up` started")
  .option("--stack", "also stop PostgreSQL, Kafka and Temporal")
  .action(act(async (options: { stack?: boolean }) => (await import("./up-command.js")).downCommand(options.stack === true)));

program
  .command("supervise", { hidden: true })
  .description("run `serve all` and restart it whenever it exits (what `up` starts in the background)")
  .action(act(async () => (await import("./up-command.js")).superviseCommand()));

program
  .command("bench")
  .description("run the benchmarks on the local stack (domain, projection, chain; default all); one markdown report on stdout")
  .argument("[areas...]", "domain | projection | chain")
  .action(act(async (chosen: string[]) => (await import("./bench-command.js")).benchCommand(chosen)));

program
  .command("doctor")
  .description("the Node.js in use, each engine, the platform's ports, and the caches")
  .option("--json", "machine-readable output")
  .action(act(async (options: { json?: boolean }) => (await import("./doctor-command.js")).doctorCommand(options.json === true)));

const scopeOptions = (command: Command) =>
  command.option("--tenant <tenant>", "tenant id", "local").option("--organization <organization>", "organization id", "");

program
  .command("token")
  .description("print a token signed by the local development issuer (.ameide/auth), for curl, agents and other clients")
  .option("--tenant <tenant>", "the tenant the token is confined to", "local")
  .option(
    "--role <role>",
    "viewer | operator | approver | admin | process | executor:<class> (repeat for several)",
    (v: string, all: string[]) => [...all, v],
    [],
  )
  .option("--subject <subject>", "who the token speaks for (default: <user>@local)")
  .option("--ttl <duration>", "lifetime, e.g. 90s, 15m, 8h, 2d", "1h")
  .addOption(new Option("--kind <kind>", "what the subject is").choices(["human", "agent", "service"]).default("human"))
  .action(act(async (options: TokenOptions) => (await import("./token-command.js")).tokenCommand(options)));

scopeOptions(
  program
    .command("console")
    .description("print the local console's link, signed in as you (viewer, operator, approver) for 8 hours")
    .option("--repository <repository>", "repository id", "sample-service")
    .option("--initiative <initiative>", "initiative id", "default"),
).action(act(async (options: ConsoleOptions) => (await import("./token-command.js")).consoleCommand(options)));

const repo = program.command("repo").description("the repositories a tenant's work may run on (Domain, DOMAIN_URL; admin)");
scopeOptions(
  repo
    .command("add")
    .description("register a repository (or update its registration)")
    .argument("<clone_url>", "where executors clone it from")
    .option("--id <repository_id>", "its id on the board (default: the URL's last segment without .git)")
    .option(
      "--actions <actions>",
      "comma-separated actions work may take: preflight, scaffold, generate, verify, build, publish, deploy, smoke, code (default: all)",
    )
    .option("--network", "let commands that declare `network: true` reach the network"),
).action(act(async (url: string, options: RepoOptions) => (await import("./repo-command.js")).repoAdd(url, options)));
scopeOptions(repo.command("list").description("the tenant's registered repositories")).action(
  act(async (options: RepoOptions) => (await import("./repo-command.js")).repoList(options)),
);
scopeOptions(repo.command("remove").description("remove a registration; new work on it is refused").argument("<repository_id>", "the repository")).action(
  act(async (id: string, options: RepoOptions) => (await import("./repo-command.js")).repoRemove(id, options)),
);

const run = program.command("run").description("start and steer runs through the Process API (PROCESS_URL, default http://127.0.0.1:8082)");
scopeOptions(
  run
    .command("start")
    .description("start a transformation run on a repository")
    .addOption(new Option("--repo <url>", "the target repository's clone URL").conflicts("sample"))
    .option("--sample", "seed the bundled sample repository (deploy/sample-repo) and run on it")
    .option("--commit <sha>", "commit to start from (default: the branch head)", "")
    .option("--branch <branch>", "branch to start from", "")
    .option("--title <title>", "the card's title")
    .option("--request <text>", "what the coding agent is asked to do", "Record the change in CHANGES.md")
    .option("--suite <suite>", "verification suite from .ameide/work.yaml", "")
    .option("--env <environments>", "comma-separated environments to promote to", "staging,production")
    .option("--release-approval", "ask for a release approval before promoting")
    .option("--max-verify-rounds <n>", "coding/verify rounds before the run fails", "3")
    .option("--repository <repository>", "repository id on the board (default: the repository's name)")
    .option("--initiative <initiative>", "initiative id", "default")
    .option("--key <key>", "idempotency key (default: a new one; repeat it to retry safely)"),
).action(act(async (options: StartOptions) => (await import("./run-command.js")).startRun(options)));

for (const decision of ["approve", "reject"] as const) {
  scopeOptions(
    run
      .command(decision)
      .description(`${decision} the open gate of a run`)
      .argument("<process_instance_id>", "the run")
      .option("--gate <gate_ref>", "the gate (as `run watch` prints it)", "approval-1")
      .option("--comment <comment>", "why", "")
      .option("--repository <repository>", "repository id of the command's scope (default: the run's, when this checkout started it)")
      .option("--key <key>", "idempotency key (repeat it to retry safely)"),
  ).action(act(async (id: string, options: DecideOptions) => (await import("./run-command.js")).decideGate(id, decision, options)));
}

scopeOptions(
  run
    .command("cancel")
    .description("cancel a running run")
    .argument("<process_instance_id>", "the run")
    .option("--reason <reason>", "why", "cancelled from the CLI")
    .option("--repository <repository>", "repository id of the command's scope (default: the run's, when this checkout started it)")
    .option("--key <key>", "idempotency key (repeat it to retry safely)"),
).action(act(async (id: string, options: CancelOptions) => (await import("./run-command.js")).cancelRun(id, options)));

scopeOptions(
  run
    .command("watch")
    .description("follow a run's facts until it ends; prints the decision commands at each gate")
    .argument("<process_instance_id>", "the run"),
).action(act(async (id: string, options: { tenant: string }) => (await import("./run-command.js")).watchRun(id, options)));

scopeOptions(program.command("board").description("print a board read through KanbanQueryService (PROJECTION_URL, default http://127.0.0.1:8083)"))
  .option("--repository <repository>", "repository id (default: the repository of the latest run)")
  .option("--initiative <initiative>", "initiative id (default: every initiative of the repository's latest run)")
  .option("--all", "include ended (archived) cards")
  .option("--json", "the response as JSON")
  .action(act(async (options: BoardOptions) => (await import("./board-command.js")).boardCommand(options)));

const stack = program.command("stack").description("the local PostgreSQL, Kafka and Temporal");
stack
  .command("up")
  .description("provision (first time) and start the engines")
  .action(act(async () => (await import("./stack-command.js")).stackUp()));
stack
  .command("down")
  .description("stop the engines")
  .action(act(async () => (await import("./stack-command.js")).stackDown()));
stack
  .command("status")
  .description("each engine's state; exits 1 unless all run")
  .option("--json", "machine-readable output")
  .action(act(async (options: { json?: boolean }) => (await import("./stack-command.js")).stackStatus(options.json === true)));
stack
  .command("logs")
  .description("the engines' logs")
  .argument("[engine...]", "postgres, kafka, temporal (default all)")
  .option("-f, --follow", "keep following")
  .action(act(async (engines: string[], options: { follow?: boolean }) => (await import("./stack-command.js")).stackLogs(engines, options.follow === true)));
stack
  .command("reset")
  .description("stop the engines and wipe their data (caches are kept)")
  .action(act(async () => (await import("./stack-command.js")).stackReset()));

program
  .command("serve")
  .description("run one service in the foreground (engines from env or the local stack)")
  .addArgument(new Argument("<service>", "the service").choices(["domain", "relay", "process", "projection", "all"]))
  .option("--port <port>", "listen port (default: PORT, else 8081 domain, 8082 process, 8083 projection)")
  .option("--host <host>", "listen address (default: HOST, else 127.0.0.1)")
  .option("--workers <n>", "domain: processes answering calls on the one port (default: DOMAIN_WORKERS, else one per core)")
  .action(
    act(async (service: string, options: { port?: string; host?: string; workers?: string }) =>
      (await import("./serve-command.js")).serveCommand(service, options),
    ),
  );

program
  .command("executor")
  .description("run an executor class (env: DOMAIN_URL, KAFKA_BROKERS, EVIDENCE_STORE_URL, CODEX_HOME, CODEX_BIN, GITOPS_REPO_URL, ...)")
  .argument("<class>", "toolrun.generate | toolrun.verify | toolrun.publish | agentwork.coder")
  .addOption(
    new Option("--mode <mode>", "pool: consume until stopped; job: one intent, then exit (0 handled, 1 infrastructure, 3 idle)")
      .choices(["pool", "job"])
      .default("pool"),
  )
  .option("--idle-timeout <seconds>", "job mode: exit 3 after this long without an intent", "30")
  .action(
    act(async (queueRef: string, options: { mode: "pool" | "job"; idleTimeout: string }) =>
      (await import("./executor-command.js")).executorCommand(queueRef, options),
    ),
  );

const topic = program.command("topic").description("the contracts' topics");
topic
  .command("list")
  .description("every topic of the registry")
  .action(act(async () => (await import("./topic-command.js")).topicList()));
topic
  .command("ensure")
  .description("create the registry's missing topics on KAFKA_BROKERS and set every topic's retention (facts kept whole, queues 30 days)")
  .option("--partitions <n>", "partitions of a topic it creates (an existing topic keeps its own)", "3")
  .option("--replication-factor <n>", "replicas of a topic it creates", "1")
  .option("--dry-run", "print what it would change, change nothing")
  .action(
    act(async (options: { partitions: string; replicationFactor: string; dryRun?: boolean }) => (await import("./topic-command.js")).topicEnsure(options)),
  );
topic
  .command("tail")
  .description("print records decoded with the topic's generated type (JSON lines) until interrupted")
  .argument("<topic>", "a topic from `ameide topic list`")
  .option("--from-beginning", "start at the oldest retained record")
  .action(
    act(async (name: string, options: { fromBeginning?: boolean }) => (await import("./topic-command.js")).topicTail(name, options.fromBeginning === true)),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not errors; a usage error has already been printed by commander.
    exitCode = error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  } else {
    const { line, code } = await describeError(error, program.opts<{ verbose?: boolean }>().verbose === true);
    console.error(line);
    exitCode = code;
  }
}
process.exit(exitCode);
