import { register } from "tsx/cjs/api";
import { Client, Connection } from "@temporalio/client";
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from "@temporalio/worker";
import { payloadConverterPath } from "@ameide/temporal-protobuf";
import { testStack } from "./stack.js";

// Temporal require()s the payload converter module on the worker's main thread; let require load TS.
register();
// Worker lifecycle INFO lines drown test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger("WARN") });

/** A client on the stack's Temporal that speaks the protobuf payload converter. */
export async function createTestClient(): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: testStack().temporalAddress });
  const client = new Client({
    connection,
    namespace: "default",
    dataConverter: { payloadConverterPath },
  });
  return { client, close: () => connection.close() };
}

/** A worker on the stack's Temporal with the protobuf payload converter on both sides of the sandbox. */
export async function createTestWorker(options: Omit<WorkerOptions, "connection" | "dataConverter">): Promise<{ worker: Worker; close: () => Promise<void> }> {
  const connection = await NativeConnection.connect({ address: testStack().temporalAddress });
  const worker = await Worker.create({ ...options, connection, namespace: "default", dataConverter: { payloadConverterPath } });
  return { worker, close: () => connection.close() };
}
