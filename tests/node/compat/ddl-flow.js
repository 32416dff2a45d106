// The official Milvus Node SDK drives the DDL flow against a running silo: databases, collections (quick setup and a
// custom schema), indexes, load state, partitions, aliases, and the error paths clients branch on.
// Usage: node ddl-flow.js <host:port>. Prints one JSON line with what the server answered; exits 1 on any failure.
'use strict';

const assert = require('node:assert/strict');
const { ok, run } = require('./sdk-helpers');
const { MilvusClient, DataType } = require('@zilliz/milvus2-sdk-node');

async function main() {
  const address = process.argv[2];
  assert.ok(address, 'usage: node ddl-flow.js <host:port>');
  const client = new MilvusClient({ address, timeout: 30000 });
  const result = {};
  try {
    await client.connectPromise;

    ok(await client.createDatabase({ db_name: 'library' }), 'createDatabase');
    result.databases = ok(await client.listDatabases(), 'listDatabases').db_names;

    // Quick setup: the SDK describes, creates, indexes (AUTOINDEX with the metric) and loads, polling the load progress.
    ok(await client.createCollection({ collection_name: 'quick', dimension: 8, metric_type: 'L2' }), 'quick setup');
    const quick = ok(await client.describeCollection({ collection_name: 'quick' }), 'describe quick');
    result.quick = {
      fields: quick.schema.fields.map(f => ({ name: f.name, type: f.data_type, primary: f.is_primary_key })),
      dynamic: quick.schema.enable_dynamic_field,
      collectionID: String(quick.collectionID),
    };
    result.quickLoadState = ok(await client.getLoadState({ collection_name: 'quick' }), 'getLoadState').state;

    ok(await client.createCollection({
      collection_name: 'books',
      fields: [
        { name: 'book_id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
        { name: 'title', data_type: DataType.VarChar, max_length: 128 },
        { name: 'year', data_type: DataType.Int32, nullable: true },
        { name: 'embedding', data_type: DataType.FloatVector, dim: 16 },
      ],
      enable_dynamic_field: true,
    }), 'create books');
    result.collections = ok(await client.showCollections(), 'showCollections').data.map(c => c.name).sort();
    result.hasBooks = ok(await client.hasCollection({ collection_name: 'books' }), 'hasCollection').value;
    const books = ok(await client.describeCollection({ collection_name: 'books' }), 'describe books');
    result.books = books.schema.fields.map(f => ({ name: f.name, type: f.data_type, nullable: f.nullable, dim: (f.type_params.find(p => p.key === 'dim') || {}).value }));

    ok(await client.createIndex({ collection_name: 'books', field_name: 'embedding', index_name: 'emb_hnsw', index_type: 'HNSW', metric_type: 'COSINE', params: { M: 16, efConstruction: 64 } }), 'createIndex');
    const index = ok(await client.describeIndex({ collection_name: 'books', field_name: 'embedding' }), 'describeIndex').index_descriptions[0];
    result.index = { name: index.index_name, field: index.field_name, params: Object.fromEntries(index.params.map(p => [p.key, p.value])) };
    result.missingIndex = (await client.describeIndex({ collection_name: 'books', field_name: 'title' })).status;

    ok(await client.createPartition({ collection_name: 'books', partition_name: 'fiction' }), 'createPartition');
    result.hasFiction = ok(await client.hasPartition({ collection_name: 'books', partition_name: 'fiction' }), 'hasPartition').value;
    result.partitions = ok(await client.listPartitions({ collection_name: 'books' }), 'listPartitions').partition_names.sort();
    ok(await client.dropPartition({ collection_name: 'books', partition_name: 'fiction' }), 'dropPartition');
    result.partitionsAfterDrop = ok(await client.listPartitions({ collection_name: 'books' }), 'listPartitions').partition_names;

    ok(await client.createAlias({ collection_name: 'books', alias: 'shelf' }), 'createAlias');
    // The SDK insists on a collection_name here although DescribeAlias does not send one.
    const alias = ok(await client.describeAlias({ collection_name: 'books', alias: 'shelf' }), 'describeAlias');
    result.alias = { alias: alias.alias, collection: alias.collection };
    result.viaAlias = ok(await client.describeCollection({ collection_name: 'shelf' }), 'describe via alias').collection_name;
    ok(await client.alterAlias({ collection_name: 'quick', alias: 'shelf' }), 'alterAlias');
    result.aliasAfterAlter = ok(await client.describeAlias({ collection_name: 'quick', alias: 'shelf' }), 'describeAlias').collection;
    ok(await client.dropAlias({ collection_name: 'quick', alias: 'shelf' }), 'dropAlias');

    ok(await client.loadCollection({ collection_name: 'books' }), 'loadCollection');
    result.booksLoadState = ok(await client.getLoadState({ collection_name: 'books' }), 'getLoadState').state;
    ok(await client.releaseCollection({ collection_name: 'books' }), 'releaseCollection');
    result.booksAfterRelease = ok(await client.getLoadState({ collection_name: 'books' }), 'getLoadState').state;

    // Error paths: the SDK surfaces the Milvus code and legacy error_code.
    result.unknownCollection = (await client.describeCollection({ collection_name: 'no_such_books' })).status;
    result.duplicateCollection = await client.createCollection({
      collection_name: 'quick',
      fields: [{ name: 'other_id', data_type: DataType.Int64, is_primary_key: true }, { name: 'v', data_type: DataType.FloatVector, dim: 3 }],
    }).then(r => r.status ?? r, rejected => rejected); // this SDK call rejects with the error status
    result.badName = await client.dropCollection({ collection_name: '1-bad' }).then(r => r, e => ({ thrown: e.message }));

    ok(await client.renameCollection({ collection_name: 'books', new_collection_name: 'novels' }), 'renameCollection');
    result.afterRename = ok(await client.showCollections(), 'showCollections').data.map(c => c.name).sort();
    ok(await client.dropCollection({ collection_name: 'novels' }), 'drop novels');
    ok(await client.dropCollection({ collection_name: 'quick' }), 'drop quick');
    result.afterDrop = ok(await client.showCollections(), 'showCollections').data.map(c => c.name);
    ok(await client.dropDatabase({ db_name: 'library' }), 'dropDatabase');
    result.databasesAfterDrop = ok(await client.listDatabases(), 'listDatabases').db_names;
    console.log(JSON.stringify(result));
  } finally {
    await client.closeConnection();
  }
}

run(main);
