import { type DescExtension, type DescFile, type DescMessage, getOption, hasOption } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";

/** Full name of the message option that declares a Temporal workflow interface. */
export const workflowOptionName = "ameide_core_proto.platform.temporal.v1.workflow";

/** One signal, update or query, with its payload messages resolved. */
export interface WorkflowHandlerInfo {
  readonly name: string;
  readonly description: string;
  readonly input?: DescMessage;
  readonly output?: DescMessage;
}

/** A workflow interface read from the contracts, every type name resolved to its message. */
export interface WorkflowInterfaceInfo {
  /** The message that carries the declaration. */
  readonly declaredOn: DescMessage;
  readonly workflowType: string;
  readonly taskQueue: string;
  readonly workflowId: string;
  readonly input: DescMessage;
  readonly result: DescMessage;
  readonly signals: readonly WorkflowHandlerInfo[];
  readonly updates: readonly WorkflowHandlerInfo[];
  readonly queries: readonly WorkflowHandlerInfo[];
}

// Field names of WorkflowInterface / WorkflowHandler: the option's type comes from the request,
// not from generated code, so its value is untyped here.
interface RawHandler {
  name: string;
  input: string;
  output: string;
  description: string;
}
interface RawWorkflow {
  workflowType: string;
  taskQueue: string;
  input: string;
  result: string;
  workflowId: string;
  signals: RawHandler[];
  updates: RawHandler[];
  queries: RawHandler[];
}

/** Finds the workflow option among the files of a generation request, if any imports it. */
export function findWorkflowOption(files: readonly DescFile[]): DescExtension | undefined {
  return files.flatMap((file) => file.extensions).find((ext) => ext.typeName === workflowOptionName);
}

/**
 * Reads the workflow interfaces declared in `file`. Every type name must name a message of the
 * request and every handler must say what it needs, or generation fails naming the declaration.
 */
export function readWorkflowInterfaces(file: DescFile, allFiles: readonly DescFile[], option: DescExtension): WorkflowInterfaceInfo[] {
  const messages = new Map<string, DescMessage>();
  for (const f of allFiles) for (const t of nestedTypes(f)) if (t.kind === "message") messages.set(t.typeName, t);
  const out: WorkflowInterfaceInfo[] = [];
  for (const desc of nestedTypes(file)) {
    if (desc.kind !== "message" || !hasOption(desc, option)) continue;
    const value: unknown = getOption(desc, option);
    const raw = value as RawWorkflow;
    const where = `${desc.typeName} (${workflowOptionName})`;
    const message = (typeName: string, field: string): DescMessage => {
      const found = messages.get(typeName);
      if (found === undefined) throw new Error(`${where}: ${field} "${typeName}" is not a message of the contracts`);
      return found;
    };
    const optional = (typeName: string, field: string) => (typeName === "" ? undefined : message(typeName, field));
    const handlers = (list: RawHandler[], kind: string, needs: { input: boolean; output: boolean }): WorkflowHandlerInfo[] => {
      const names = new Set<string>();
      return list.map((h, i) => {
        const at = `${kind}[${i}]`;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(h.name)) throw new Error(`${where}: ${at}.name "${h.name}" must be an identifier`);
        if (names.has(h.name)) throw new Error(`${where}: ${at}.name "${h.name}" is declared twice`);
        names.add(h.name);
        if (needs.input && h.input === "") throw new Error(`${where}: ${at} "${h.name}" needs an input message`);
        if (needs.output && h.output === "") throw new Error(`${where}: ${at} "${h.name}" needs an output message`);
        if (!needs.output && h.output !== "") throw new Error(`${where}: ${at} "${h.name}" is a signal and returns nothing`);
        return { name: h.name, description: h.description, input: optional(h.input, `${at}.input`), output: optional(h.output, `${at}.output`) };
      });
    };
    if (raw.workflowType === "" || raw.taskQueue === "") throw new Error(`${where}: workflow_type and task_queue are required`);
    out.push({
      declaredOn: desc,
      workflowType: raw.workflowType,
      taskQueue: raw.taskQueue,
      workflowId: raw.workflowId,
      input: message(raw.input, "input"),
      result: message(raw.result, "result"),
      signals: handlers(raw.signals, "signals", { input: true, output: false }),
      updates: handlers(raw.updates, "updates", { input: true, output: true }),
      queries: handlers(raw.queries, "queries", { input: false, output: true }),
    });
  }
  return out;
}
