#!/usr/bin/env node
// A protoc plugin wrapper: runs the plugin named by its arguments on the request's files under one
// path prefix only. The Go generators must not emit the vendored files (buf.validate, grpc.*):
// Go programs take those from their own modules, and a second copy would clash at registration.
// Type filters cannot do this without dropping the validation options from the descriptors.
//
//   own-files-only.mjs <path prefix> <plugin> [plugin args...]
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema } from "@bufbuild/protobuf/wkt";

const [prefix, plugin, ...args] = process.argv.slice(2);
if (prefix === undefined || plugin === undefined) {
  process.stderr.write("usage: own-files-only.mjs <path prefix> <plugin> [plugin args...]\n");
  process.exit(2);
}
const request = fromBinary(CodeGeneratorRequestSchema, readFileSync(0));
request.fileToGenerate = request.fileToGenerate.filter((file) => file.startsWith(prefix));
const result = spawnSync(plugin, args, { input: toBinary(CodeGeneratorRequestSchema, request), maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "inherit"] });
if (result.error !== undefined) {
  process.stderr.write(`${plugin}: ${result.error.message}\n`);
  process.exit(1);
}
// exitCode, not exit(): the response must be flushed to the pipe first.
process.stdout.write(result.stdout);
process.exitCode = result.status ?? 1;
