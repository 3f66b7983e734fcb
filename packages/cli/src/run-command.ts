import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { GateDecision } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { StartRunRequestSchema, TransformationProcessCommandService } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { resolveServiceEnv } from "@ameide/service-kit";
import { flag } from "./cli-flags.js";
import { describeFact, watchRuns } from "./run-watch.js";

const usage = `usage: ameide run start --repo <git url> [--commit SHA] [--branch B] [--title T] [--request TEXT] [--suite S]
                        [--env staging,production] [--release-approval] [--max-verify-rounds N] [--key K]
       ameide run approve|reject <process_instance_id> [--gate approval-1] [--comment C]
       ameide run cancel <process_instance_id> [--reason R]
       ameide run watch <process_instance_id>

  scope: --tenant (default local), --repository (default the repo's name), --initiative (default default)
  PROCESS_URL (default http://127.0.0.1:8082)`;

/** `ameide run ...`: a client of the Process write surface, and a watcher of a card's phases. */
export async function runCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const api = createClient(TransformationProcessCommandService, createConnectTransport({ baseUrl: process.env.PROCESS_URL || "http://127.0.0.1:8082", httpVersion: "1.1" }));
  const tenantId = flag(rest, "--tenant") ?? "local";
  const repo = flag(rest, "--repo") ?? "";
  const scope = { tenantId, organizationId: flag(rest, "--organization") ?? "", repositoryId: flag(rest, "--repository") ?? (repo.split("/").pop()?.replace(/\.git$/, "") || "default") };
  const id = rest[0] ?? "";
  switch (sub) {
    case "start": {
      if (repo === "") break;
      const key = flag(rest, "--key") ?? randomUUID();
      const request = flag(rest, "--request") ?? "Record the change in CHANGES.md";
      const response = await api.startRun(
        create(StartRunRequestSchema, {
          context: { scope, correlationId: key },
          idempotencyKey: key,
          input: {
            scope,
            initiativeId: flag(rest, "--initiative") ?? "default",
            title: flag(rest, "--title") ?? request,
            request,
            checkout: { repoUrl: repo, commitSha: flag(rest, "--commit") ?? "", branch: flag(rest, "--branch") ?? "" },
            policy: {
              maxVerifyRounds: Number(flag(rest, "--max-verify-rounds") ?? 3),
              requireReleaseApproval: rest.includes("--release-approval"),
              environments: (flag(rest, "--env") ?? "").split(",").filter((e) => e !== ""),
              verificationSuiteRef: flag(rest, "--suite") ?? "",
            },
          },
        }),
      );
      console.log(`${response.processInstanceId}${response.deduplicated ? " (existing run for this key)" : ""}`);
      return 0;
    }
    case "approve":
    case "reject": {
      if (id === "") break;
      const { recorded } = await api.decideGate({
        context: { scope },
        idempotencyKey: flag(rest, "--key") ?? randomUUID(),
        processInstanceId: id,
        gateRef: flag(rest, "--gate") ?? "approval-1",
        decision: sub === "approve" ? GateDecision.APPROVED : GateDecision.REJECTED,
        comment: flag(rest, "--comment") ?? "",
      });
      console.log(`gate ${recorded?.gateRef ?? "?"}: ${(GateDecision[recorded?.decision ?? 0] ?? "unknown").toLowerCase()}`);
      return 0;
    }
    case "cancel":
      if (id === "") break;
      await api.cancelRun({ context: { scope }, idempotencyKey: flag(rest, "--key") ?? randomUUID(), processInstanceId: id, reason: flag(rest, "--reason") ?? "" });
      console.log("cancel requested");
      return 0;
    case "watch": {
      if (id === "") break;
      const env = await resolveServiceEnv("", process.env, ["KAFKA_BROKERS"]);
      const watch = await watchRuns(env.kafkaBrokers, true);
      const end = await watch.until(id, (fact) => console.log(describeFact(fact)));
      await watch.close();
      return end.fact.case === "runCompleted" ? 0 : 1;
    }
  }
  console.error(usage);
  return 2;
}
