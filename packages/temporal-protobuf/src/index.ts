export {
  ProtobufBinaryPayloadConverter,
  ProtobufJsonPayloadConverter,
  createProtobufPayloadConverter,
} from "./protobuf-payload-converter.js";
export { payloadConverter } from "./payload-converter.js";
export { payloadConverterPath } from "./payload-converter-path.js";
export { decodePayloads } from "./codec-endpoint.js";
