import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { kafkaReachable } from "@ameide/kafka-bus";
import { repositoryRoot, type StackConfig } from "./config.js";
import type { Engine } from "./engine.js";
import { awaitStartup, managedStatus, needsStart } from "./managed-process.js";
import { StackError } from "./errors.js";
import { requireBinary } from "./checks.js";
import { runCommand, spawnDetached, stopPidFile } from "./process.js";
import type { Progress } from "./progress.js";

/** Single-node KRaft Kafka from Maven Central jars, cached per version. */
export function kafkaEngine(config: StackConfig, progress: Progress): Engine {
  const dir = join(config.stateDir, "kafka");
  const libs = join(config.cacheDir, "kafka", config.kafka.version, "libs");
  const logFile = join(dir, "logs", "server.log");
  const pidFile = join(dir, "kafka.pid");
  const external = config.kafka.externalBrokers;
  const address = external ?? `127.0.0.1:${config.kafka.port}`;

  const healthy = () => kafkaReachable(address);
  const managed = { engine: "kafka" as const, address, pidFile, logFile, external: external !== undefined, healthy };

  async function provision(): Promise<void> {
    if (external || (existsSync(libs) && (await readdir(libs)).some((f) => f.startsWith("kafka_2.13")))) return;
    await requireBinary("java", "kafka", "install a Java 17+ runtime (Debian: openjdk-17-jre-headless)");
    await requireBinary("mvn", "kafka", "install Maven (Debian: maven); it fetches the Kafka jars from Maven Central");
    const pom = join(repositoryRoot(), "deploy/local/kafka/pom.xml");
    const started = performance.now();
    progress.step("kafka", `fetching the Kafka ${config.kafka.version} jars from Maven Central`);
    const result = await runCommand("mvn", [
      "-B",
      "-q",
      "-Dstyle.color=never",
      "-f",
      pom,
      `-Dkafka.version=${config.kafka.version}`,
      "dependency:copy-dependencies",
      "-DincludeScope=runtime",
      `-DoutputDirectory=${libs}`,
    ]);
    if (result.code !== 0) {
      await rm(libs, { recursive: true, force: true });
      throw new StackError(
        "kafka",
        `downloading the Kafka ${config.kafka.version} jars failed:\n${result.output.slice(-2000)}`,
        "check that Maven Central is reachable (mvn -B dependency:get) and retry `ameide stack up`",
      );
    }
    progress.done("kafka", `Kafka ${config.kafka.version} jars cached in ${libs}`, performance.now() - started);
  }

  async function start(): Promise<void> {
    if (!(await needsStart(managed, [config.kafka.port, config.kafka.controllerPort], "AMEIDE_KAFKA_PORT / AMEIDE_KAFKA_CONTROLLER_PORT", "KAFKA_BROKERS")))
      return;
    const begun = performance.now();
    progress.step("kafka", `starting the broker on ${address}`);
    await writeKafkaConfig(dir, config);
    await formatStorage(dir, libs);
    const started = await spawnDetached(
      "java",
      [
        "-Xmx512m",
        "-XX:TieredStopAtLevel=1",
        `-Dlog4j.configuration=file:${join(dir, "log4j.properties")}`,
        `-Dkafka.logs.dir=${join(dir, "logs")}`,
        "-cp",
        `${libs}/*`,
        "kafka.Kafka",
        join(dir, "server.properties"),
      ],
      { logFile: join(dir, "logs", "stdout.log"), pidFile },
    );
    await awaitStartup(managed, started, "the broker", "read the log; `ameide stack reset` wipes a corrupt data dir");
    progress.done("kafka", `broker ready on ${address}`, performance.now() - begun);
  }

  return {
    name: "kafka",
    external: external !== undefined,
    address,
    logFile,
    provision,
    start,
    healthy,
    stop: () => (external ? Promise.resolve(false) : stopPidFile(pidFile)),
    status: () => managedStatus(managed),
    wipe: () => rm(dir, { recursive: true, force: true }),
  };
}

async function writeKafkaConfig(dir: string, config: StackConfig): Promise<void> {
  await mkdir(join(dir, "logs"), { recursive: true });
  const { port, controllerPort } = config.kafka;
  const properties = [
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    `log.dirs=${join(dir, "data")}`,
    `num.partitions=${config.topicPartitions}`,
    "default.replication.factor=1",
    "min.insync.replicas=1",
    "offsets.topic.replication.factor=1",
    "offsets.topic.num.partitions=1",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "transaction.state.log.num.partitions=1",
    "group.initial.rebalance.delay.ms=0",
    // Topics come from the contracts' topic registry only (`ameide stack up` creates them).
    "auto.create.topics.enable=false",
    "delete.topic.enable=true",
    "num.network.threads=2",
    "num.io.threads=2",
    "num.recovery.threads.per.data.dir=1",
    "log.retention.hours=168",
    "log.segment.bytes=16777216",
  ];
  await writeFile(join(dir, "server.properties"), properties.join("\n") + "\n");
  await writeFile(join(dir, "log4j.properties"), log4jProperties("kafkaAppender", "${kafka.logs.dir}/server.log"));
  await writeFile(
    join(dir, "log4j-tools.properties"),
    "log4j.rootLogger=WARN, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n\n",
  );
}

function log4jProperties(appender: string, file: string): string {
  return [
    `log4j.rootLogger=INFO, ${appender}`,
    `log4j.appender.${appender}=org.apache.log4j.RollingFileAppender`,
    `log4j.appender.${appender}.File=${file}`,
    `log4j.appender.${appender}.MaxFileSize=10MB`,
    `log4j.appender.${appender}.MaxBackupIndex=2`,
    `log4j.appender.${appender}.layout=org.apache.log4j.PatternLayout`,
    `log4j.appender.${appender}.layout.ConversionPattern=[%d] %p %m (%c)%n`,
    "log4j.logger.state.change.logger=WARN",
    "log4j.logger.kafka.request.logger=WARN",
    "log4j.logger.kafka.log.LogCleaner=WARN",
    "",
  ].join("\n");
}

/** Formats KRaft storage once; the cluster id is kept beside the data so re-formats agree. */
async function formatStorage(dir: string, libs: string): Promise<void> {
  const idFile = join(dir, "cluster.id");
  if (existsSync(join(dir, "data", "meta.properties"))) return;
  const kept = existsSync(idFile) ? (await readFile(idFile, "utf8")).trim() : "";
  const clusterId = kept !== "" && !kept.startsWith("-") ? kept : newClusterId();
  await writeFile(idFile, clusterId + "\n");
  const result = await runCommand("java", [
    `-Dlog4j.configuration=file:${join(dir, "log4j-tools.properties")}`,
    "-cp",
    `${libs}/*`,
    "kafka.tools.StorageTool",
    "format",
    "-t",
    clusterId,
    "-c",
    join(dir, "server.properties"),
    "--ignore-formatted",
  ]);
  if (result.code !== 0) {
    throw new StackError("kafka", `formatting KRaft storage failed:\n${result.output.slice(-2000)}`, "run `ameide stack reset` and retry");
  }
}

/**
 * A KRaft cluster id: 16 random bytes, base64url. One that starts with "-" would be read by the
 * storage tool as an option (its format then fails), so the first character is never "-".
 */
function newClusterId(): string {
  const id = randomBytes(16).toString("base64url");
  return id.startsWith("-") ? `A${id.slice(1)}` : id;
}
