// Checks the gateway's hand-written Milvus .proto files against the protocol descriptors shipped in the official
// Milvus Node SDK: every message, enum and service method we declare must exist upstream with the same field
// names, numbers, types, labels, map keys and oneofs, and the same enum values.
// Usage: node proto-fidelity.js <folder with our .proto files>. Prints one JSON line; exits 1 on any difference.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const protobuf = require('protobufjs');
const descriptors = require('@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus.js').default;

const upstream = protobuf.Root.fromJSON(descriptors);
upstream.resolveAll();
const protoDir = process.argv[2];
if (!protoDir) {
  console.error('usage: node proto-fidelity.js <proto folder>');
  process.exit(2);
}
const files = fs.readdirSync(protoDir).filter(f => f.endsWith('.proto')).map(f => path.join(protoDir, f));
const ours = new protobuf.Root().loadSync(files, { keepCase: true });
ours.resolveAll();

const differences = [];
const counts = { messages: 0, fields: 0, enums: 0, methods: 0 };
const typeName = field => (field.resolvedType ? field.resolvedType.fullName : field.type);
const describe = field => JSON.stringify({
  id: field.id, type: typeName(field), repeated: field.repeated, map: field.map ? field.keyType : null,
  oneof: field.partOf && !field.partOf.name.startsWith('_') ? field.partOf.name : null,
});

function compare(ourType) {
  const theirs = upstream.lookup(ourType.fullName);
  if (!theirs) {
    differences.push(`${ourType.fullName} does not exist upstream`);
  } else if (ourType instanceof protobuf.Type) {
    counts.messages++;
    for (const field of ourType.fieldsArray) {
      counts.fields++;
      const their = theirs.fields[field.name];
      if (!their) {
        differences.push(`${ourType.fullName}.${field.name} does not exist upstream`);
      } else if (describe(field) !== describe(their)) {
        differences.push(`${ourType.fullName}.${field.name}: ours ${describe(field)}, upstream ${describe(their)}`);
      }
    }
  } else if (ourType instanceof protobuf.Enum) {
    counts.enums++;
    if (JSON.stringify(ourType.values) !== JSON.stringify(theirs.values)) {
      differences.push(`enum ${ourType.fullName}: ours ${JSON.stringify(ourType.values)}, upstream ${JSON.stringify(theirs.values)}`);
    }
  } else if (ourType instanceof protobuf.Service) {
    for (const method of ourType.methodsArray) {
      counts.methods++;
      const their = theirs.methods[method.name];
      const signature = m => `${m.resolvedRequestType.fullName} -> ${m.resolvedResponseType.fullName}`;
      if (!their) {
        differences.push(`${ourType.fullName}.${method.name} does not exist upstream`);
      } else if (signature(method) !== signature(their)) {
        differences.push(`${ourType.fullName}.${method.name}: ours ${signature(method)}, upstream ${signature(their)}`);
      }
    }
  }
  for (const nested of ourType.nestedArray || []) compare(nested);
}

compare(ours.lookup('milvus.proto'));
console.log(JSON.stringify({ ...counts, differences }));
process.exit(differences.length === 0 ? 0 : 1);
