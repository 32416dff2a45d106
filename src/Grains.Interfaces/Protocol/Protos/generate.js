#!/usr/bin/env node
// Writes the Milvus wire-protocol .proto files the gateway compiles, from the protocol facts (package,
// message and field names, field numbers, types) published in the official Milvus Node SDK's protobuf
// descriptors (@zilliz/milvus2-sdk-node 3.0.6, dist/milvus/proto-json/milvus.js = milvus-proto branch 3.0).
// Only the RPCs in SERVED_RPCS and the messages they reach are written. To serve another RPC, add it
// here and run:  node src/Grains.Interfaces/Protocol/Protos/generate.js   (needs `npm ci` in tests/node).
'use strict';

const fs = require('fs');
const path = require('path');

const SERVED_RPCS = [
  'Connect', 'GetVersion', 'CheckHealth', 'AllocTimestamp',
  'CreateCollection', 'DropCollection', 'HasCollection', 'DescribeCollection', 'ShowCollections',
  'RenameCollection', 'GetCollectionStatistics', 'AlterCollection',
  'CreatePartition', 'DropPartition', 'HasPartition', 'ShowPartitions', 'GetPartitionStatistics',
  'CreateAlias', 'DropAlias', 'AlterAlias', 'DescribeAlias', 'ListAliases',
  'CreateDatabase', 'DropDatabase', 'ListDatabases',
  'CreateIndex', 'DescribeIndex', 'DropIndex', 'GetIndexState', 'GetIndexBuildProgress',
  'LoadCollection', 'ReleaseCollection', 'LoadPartitions', 'ReleasePartitions', 'GetLoadingProgress', 'GetLoadState',
  'Insert', 'Upsert', 'Delete', 'Flush', 'GetFlushState',
  'Search', 'HybridSearch', 'Query',
  'GetPersistentSegmentInfo', 'GetQuerySegmentInfo',
  'CreateCredential', 'UpdateCredential', 'DeleteCredential', 'ListCredUsers',
  'ManualCompaction', 'GetCompactionState',
];

const CSHARP_NAMESPACE = 'OrleansVector.Grains.Interfaces.Protocol';
const STATUS_INTERFACE = 'IMilvusStatusResponse';
const repoRoot = path.resolve(__dirname, '../../../..');
const sdkDescriptor = path.join(repoRoot, 'tests/node/node_modules/@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus.js');
const packages = require(sdkDescriptor).default.nested.milvus.nested.proto.nested;
const service = packages.milvus.nested.MilvusService.methods;

const SCALARS = new Set(['double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64',
  'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes']);

// Resolves a type name the way protoc does: innermost scope first. Returns the full path below milvus.proto.
function resolve(typeName, scope) {
  const parts = typeName.split('.');
  for (let i = scope.length; i >= 0; i--) {
    const candidate = scope.slice(0, i).concat(parts);
    let node = { nested: packages };
    if (candidate.every(part => (node = node.nested && node.nested[part]))) {
      return candidate;
    }
  }
  throw new Error(`cannot resolve ${typeName} from ${scope.join('.')}`);
}

function lookup(fullPath) {
  let node = { nested: packages };
  for (const part of fullPath) node = node.nested[part];
  return node;
}

// Every type reachable from the served RPCs, as full paths "package.Type[.Nested]".
const reachable = new Set();
function visit(typeName, scope) {
  if (SCALARS.has(typeName)) return;
  const fullPath = resolve(typeName, scope);
  const key = fullPath.join('.');
  if (reachable.has(key)) return;
  reachable.add(key);
  for (let i = 2; i < fullPath.length; i++) reachable.add(fullPath.slice(0, i).join('.'));
  const node = lookup(fullPath);
  for (const field of Object.values(node.fields || {})) visit(field.type, fullPath);
}
for (const rpc of SERVED_RPCS) {
  const method = service[rpc];
  if (!method) throw new Error(`MilvusService has no RPC ${rpc}`);
  visit(method.requestType, ['milvus']);
  visit(method.responseType, ['milvus']);
}

function enumText(name, node, indent) {
  const values = Object.entries(node.values);
  const aliased = new Set(values.map(([, v]) => v)).size !== values.length;
  const lines = [`${indent}enum ${name} {`];
  if (aliased) lines.push(`${indent}  option allow_alias = true;`);
  for (const [valueName, value] of values) lines.push(`${indent}  ${valueName} = ${value};`);
  lines.push(`${indent}}`);
  return lines;
}

function fieldText(name, field, indent) {
  const type = field.keyType ? `map<${field.keyType}, ${field.type}>` : field.type;
  const label = field.rule === 'repeated' ? 'repeated ' : (field.options && field.options.proto3_optional ? 'optional ' : '');
  return `${indent}${label}${type} ${name} = ${field.id};`;
}

function messageText(name, node, fullPath, indent) {
  const lines = [`${indent}message ${name} {`];
  for (const [nestedName, nested] of Object.entries(node.nested || {})) {
    if (!reachable.has(fullPath.concat(nestedName).join('.'))) continue;
    lines.push(...(nested.values ? enumText(nestedName, nested, indent + '  ')
      : messageText(nestedName, nested, fullPath.concat(nestedName), indent + '  ')));
  }
  // Real oneofs group their members; proto3 optional fields carry a synthetic oneof that protoc rebuilds itself.
  const oneofOf = {};
  for (const [oneofName, oneof] of Object.entries(node.oneofs || {})) {
    const synthetic = oneof.oneof.length === 1 && node.fields[oneof.oneof[0]].options?.proto3_optional;
    if (!synthetic) for (const member of oneof.oneof) oneofOf[member] = oneofName;
  }
  const written = new Set();
  for (const [fieldName, field] of Object.entries(node.fields)) {
    const oneofName = oneofOf[fieldName];
    if (!oneofName) {
      lines.push(fieldText(fieldName, field, indent + '  '));
    } else if (!written.has(oneofName)) {
      written.add(oneofName);
      lines.push(`${indent}  oneof ${oneofName} {`);
      for (const member of node.oneofs[oneofName].oneof) lines.push(fieldText(member, node.fields[member], indent + '    '));
      lines.push(`${indent}  }`);
    }
  }
  for (const reserved of node.reserved || []) {
    lines.push(typeof reserved === 'string' ? `${indent}  reserved "${reserved}";`
      : `${indent}  reserved ${reserved[0] === reserved[1] ? reserved[0] : `${reserved[0]} to ${reserved[1]}`};`);
  }
  lines.push(`${indent}}`);
  return lines;
}

function importsOf(pkg) {
  const used = new Set();
  const collect = (node, fullPath) => {
    for (const field of Object.values(node.fields || {})) {
      if (!SCALARS.has(field.type)) used.add(resolve(field.type, fullPath)[0]);
    }
    for (const [nestedName, nested] of Object.entries(node.nested || {})) collect(nested, fullPath.concat(nestedName));
  };
  for (const key of reachable) {
    const fullPath = key.split('.');
    if (fullPath[0] === pkg && fullPath.length === 2) collect(lookup(fullPath), fullPath);
  }
  used.delete(pkg);
  return [...used].sort();
}

const header = [
  '// Generated by generate.js (beside this file) from the Milvus wire-protocol facts in @zilliz/milvus2-sdk-node 3.0.6',
  '// (milvus-proto branch 3.0): same package, message and field names and numbers. Only what the served RPCs reach.',
  '// Upstream "deprecated" markers are left out so that the gateway can still fill legacy fields such as Status.error_code.',
  '// Do not edit; change generate.js and re-run it.',
];

const outDir = __dirname;
const packageNames = [...new Set([...reachable].map(key => key.split('.')[0]))].sort();
for (const pkg of packageNames) {
  const lines = [...header, 'syntax = "proto3";', '', `package milvus.proto.${pkg};`, '',
    `option csharp_namespace = "${CSHARP_NAMESPACE}";`, ''];
  for (const dependency of importsOf(pkg)) lines.push(`import "${dependency}.proto";`);
  if (lines[lines.length - 1] !== '') lines.push('');
  if (pkg === 'milvus') {
    lines.push('service MilvusService {');
    for (const [rpc, method] of Object.entries(service)) {
      if (SERVED_RPCS.includes(rpc)) lines.push(`  rpc ${rpc}(${method.requestType}) returns (${method.responseType}) {}`);
    }
    lines.push('}', '');
  }
  for (const [name, node] of Object.entries(packages[pkg].nested)) {
    if (!reachable.has(`${pkg}.${name}`)) continue;
    lines.push(...(node.values ? enumText(name, node, '') : messageText(name, node, [pkg, name], '')), '');
  }
  fs.writeFileSync(path.join(outDir, `${pkg}.proto`), lines.join('\n'));
}

// Responses whose field 1 is common.Status get an interface, so that a failed call can answer with its status.
const statusResponses = Object.entries(packages.milvus.nested)
  .filter(([name, node]) => reachable.has(`milvus.${name}`) && node.fields && node.fields.status
    && node.fields.status.id === 1 && node.fields.status.type === 'common.Status')
  .map(([name]) => name);
const csharp = [
  '// <auto-generated>Generated by Protocol/Protos/generate.js; do not edit.</auto-generated>',
  `namespace ${CSHARP_NAMESPACE};`,
  '',
  ...statusResponses.map(name => `public sealed partial class ${name} : ${STATUS_INTERFACE};`),
  '',
];
fs.writeFileSync(path.join(outDir, '..', 'MilvusStatusResponses.g.cs'), csharp.join('\n'));
console.log(`wrote ${packageNames.map(p => p + '.proto').join(', ')} (${reachable.size} types, ${SERVED_RPCS.length} RPCs) and MilvusStatusResponses.g.cs (${statusResponses.length} responses)`);
