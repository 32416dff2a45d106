// Drives gRPC edge cases against a running silo with grpc-js, the transport under the official Node SDK:
// an unserved method, a message just under and one just over the server's limit, bytes that are no protobuf
// message, a compressed request, and then an ordinary call to show the server still serves. Messages are encoded with the SDK's
// own protocol descriptors, not ours. Usage: node grpc-edge.js <host:port> <server max message bytes>.
// Prints one JSON line: the gRPC status code and details of each case.
'use strict';

const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const protobuf = require('protobufjs');
const descriptors = require('@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus.js').default;

const root = protobuf.Root.fromJSON(descriptors);
const type = name => root.lookupType(`milvus.proto.milvus.${name}`);
const service = '/milvus.proto.milvus.MilvusService/';
const identity = bytes => bytes;

function call(client, method, request) {
  return new Promise(resolve => {
    client.makeUnaryRequest(service + method, identity, identity, request, new grpc.Metadata(),
      { deadline: Date.now() + 15000 },
      (error, response) => resolve(error ? { code: error.code, details: error.details } : { code: 0, response }));
  });
}

async function main() {
  const [address, maxBytesArg] = process.argv.slice(2);
  const maxBytes = Number(maxBytesArg);
  assert.ok(address && maxBytes > 0, 'usage: node grpc-edge.js <host:port> <server max message bytes>');
  const credentials = grpc.credentials.createInsecure();
  const client = new grpc.Client(address, credentials);
  const gzipClient = new grpc.Client(address, credentials, { 'grpc.default_compression_algorithm': 2 });
  const getVersion = Buffer.from(type('GetVersionRequest').encode({}).finish());
  try {
    const result = {};
    result.unimplemented = await call(client, 'CreateRole', Buffer.alloc(0));
    // GetVersionRequest plus an unknown length-delimited field 15, which a protobuf parser keeps and ignores.
    const padded = size => {
      for (let varintBytes = 1; varintBytes <= 5; varintBytes++) {
        const length = size - getVersion.length - 1 - varintBytes;
        const header = protobuf.Writer.create().uint32((15 << 3) | 2).uint32(length).finish();
        if (header.length === 1 + varintBytes) return Buffer.concat([getVersion, header, Buffer.alloc(length, 0x61)]);
      }
      throw new Error(`cannot pad to ${size} bytes`);
    };
    const atLimit = await call(client, 'GetVersion', padded(maxBytes));
    result.atLimit = { code: atLimit.code, details: atLimit.details };
    result.oversized = await call(client, 'GetVersion', padded(maxBytes + 1));
    result.garbage = await call(client, 'Connect', Buffer.from([0x12, 0x7f, 0x01, 0x02]));
    result.compressed = await call(gzipClient, 'GetVersion', getVersion);
    const after = await call(client, 'GetVersion', getVersion);
    result.after = { code: after.code, version: after.code === 0 ? type('GetVersionResponse').decode(after.response).version : null };
    console.log(JSON.stringify(result));
  } finally {
    client.close();
    gzipClient.close();
  }
}

main().catch(error => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
