// Connect protocol (JSON) client of the Kanban services for browsers: plain fetch, no build step.
// int64 fields travel as strings in Connect JSON, so sequences are strings here.
const queryService = "ameide_core_proto.platform.kanban.v1.KanbanQueryService";
const updatesService = "ameide_core_proto.platform.kanban.v1.KanbanUpdatesService";

/**
 * A client of the projection at `baseUrl` ("" = same origin); `token()` gives the bearer token
 * every call carries.
 */
export function createBoardClient(baseUrl = "", token = () => "", fetchFn = globalThis.fetch) {
  const headers = (contentType) => ({ "content-type": contentType, "connect-protocol-version": "1", authorization: `Bearer ${token()}` });

  async function unary(method, body) {
    const res = await fetchFn(`${baseUrl}/${queryService}/${method}`, {
      method: "POST",
      headers: headers("application/json"),
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw Object.assign(new Error(`${method} failed: ${json.code}: ${json.message}`), { code: json.code });
    return json;
  }

  /** Yields `{ boardSeq }` for every change after `sinceBoardSeq`, until `signal` aborts. */
  async function* watch(scope, sinceBoardSeq, signal) {
    const res = await fetchFn(`${baseUrl}/${updatesService}/WatchKanbanUpdates`, {
      method: "POST",
      headers: headers("application/connect+json"),
      body: envelope(JSON.stringify({ scope, sinceBoardSeq: String(sinceBoardSeq) })),
      signal,
    });
    if (!res.ok || res.body === null) {
      const json = await res.json().catch(() => ({}));
      throw Object.assign(new Error(`WatchKanbanUpdates failed: ${json.code ?? `HTTP ${res.status}`}: ${json.message ?? ""}`), { code: json.code });
    }
    yield* frames(res.body.getReader());
  }

  return {
    board: (scope, includeArchived = false) => unary("GetKanbanBoard", { scope, includeArchived, pageSize: 500 }),
    deltas: (scope, sinceBoardSeq) => unary("GetKanbanDeltas", { scope, sinceBoardSeq: String(sinceBoardSeq) }),
    timeline: (scope, cardId) => unary("GetRunTimeline", { scope, cardId }),
    watch,
  };
}

// A Connect streaming frame: 1 flag byte, 4-byte big-endian length, then the JSON message.
function envelope(json) {
  const data = new TextEncoder().encode(json);
  const frame = new Uint8Array(5 + data.length);
  new DataView(frame.buffer).setUint32(1, data.length);
  frame.set(data, 5);
  return frame;
}

async function* frames(reader) {
  let buffer = new Uint8Array(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const joined = new Uint8Array(buffer.length + value.length);
    joined.set(buffer);
    joined.set(value, buffer.length);
    buffer = joined;
    while (buffer.length >= 5) {
      const length = new DataView(buffer.buffer, buffer.byteOffset).getUint32(1);
      if (buffer.length < 5 + length) break;
      const flags = buffer[0];
      const message = JSON.parse(new TextDecoder().decode(buffer.subarray(5, 5 + length)));
      buffer = buffer.subarray(5 + length);
      // Flag 0x02 ends the stream; it carries an error when the server failed.
      if (flags & 0x02) {
        if (message.error) {
          throw Object.assign(new Error(`WatchKanbanUpdates ended: ${message.error.code}: ${message.error.message}`), { code: message.error.code });
        }
        return;
      }
      yield message;
    }
  }
}

const processService = "ameide_core_proto.process.transformation.v1.TransformationProcessCommandService";

/** A client of the Process API at `baseUrl` (another origin: it allows the console's by CORS). */
export function createProcessClient(baseUrl, token = () => "", fetchFn = globalThis.fetch) {
  async function unary(method, body) {
    const res = await fetchFn(`${baseUrl}/${processService}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json", "connect-protocol-version": "1", authorization: `Bearer ${token()}` },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw Object.assign(new Error(json.message ?? `${method} failed`), { code: json.code });
    return json;
  }
  const key = () => crypto.randomUUID();
  return {
    /** Approves or rejects a gate; the signed-in identity is the actor (the server takes it from the token). */
    decide: (scope, processInstanceId, gateRef, approve, comment) =>
      unary("DecideGate", {
        context: { scope },
        idempotencyKey: key(),
        processInstanceId,
        gateRef,
        decision: approve ? "GATE_DECISION_APPROVED" : "GATE_DECISION_REJECTED",
        comment,
      }),
    cancel: (scope, processInstanceId, reason) => unary("CancelRun", { context: { scope }, idempotencyKey: key(), processInstanceId, reason }),
  };
}
