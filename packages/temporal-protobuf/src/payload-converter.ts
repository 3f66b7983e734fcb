// Module loaded by Temporal through `payloadConverterPath` (worker, workflow bundle) and imported by
// clients: the same converter everywhere, built from every type of the generated contracts.
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { createProtobufPayloadConverter } from "./protobuf-payload-converter.js";

/** The platform's payload converter: contract messages as binary/protobuf, the rest as JSON. */
export const payloadConverter = createProtobufPayloadConverter(typeRegistry);
