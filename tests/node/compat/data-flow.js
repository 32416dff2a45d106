// The official Milvus Node SDK drives the data flow against a running silo: a custom schema with scalar, nullable,
// partition-key, dynamic and two vector fields; 10k rows; HNSW and IVF_FLAT indexes; load; filtered search with output
// fields (recall against brute force computed here); count(*); get by ids; delete by ids and by filter; upsert; hybrid
// search over both vector fields (RRF); a quick-setup collection; the errors for search before load, wrong dimension and a bad filter; drop.
// Usage: node data-flow.js <host:port>. Prints one JSON line; exits 1 on any failure.
'use strict';

const assert = require('node:assert/strict');
const { ok, run } = require('./sdk-helpers');
const { MilvusClient, DataType, ConsistencyLevelEnum, RRFRanker } = require('@zilliz/milvus2-sdk-node');

const ROWS = 10000;
const DIM = 16;
const DIM2 = 8;
const TOPK = 10;
const strong = { consistency_level: ConsistencyLevelEnum.Strong };

// mulberry32: a small deterministic generator, so every run inserts the same rows.
let state = 12345;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const vector = dim => Array.from({ length: dim }, () => random() * 2 - 1);
const l2 = (a, b) => a.reduce((sum, x, i) => sum + (x - b[i]) ** 2, 0);

const count = async (client, filter) =>
  Number(ok(await client.query({ collection_name: 'items', filter, output_fields: ['count(*)'], ...strong }), `count ${filter}`).data[0]['count(*)']);

async function main() {
  const address = process.argv[2];
  assert.ok(address, 'usage: node data-flow.js <host:port>');
  const client = new MilvusClient({ address, timeout: 60000 });
  const result = {};
  try {
    await client.connectPromise;
    ok(await client.createCollection({
      collection_name: 'items',
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
        { name: 'category', data_type: DataType.VarChar, max_length: 32, is_partition_key: true },
        { name: 'year', data_type: DataType.Int32, nullable: true },
        { name: 'dense', data_type: DataType.FloatVector, dim: DIM },
        { name: 'dense2', data_type: DataType.FloatVector, dim: DIM2 },
      ],
      enable_dynamic_field: true,
      num_partitions: 4,
    }), 'create items');

    const rows = Array.from({ length: ROWS }, (_, i) => ({
      id: i,
      category: ['news', 'sports', 'tech', 'art'][i % 4],
      year: i % 10 === 0 ? null : 1990 + (i % 30),
      dense: vector(DIM),
      dense2: vector(DIM2),
      tag: `t${i % 7}`,
    }));
    let inserted = 0;
    for (let start = 0; start < ROWS; start += 2500) {
      inserted += Number(ok(await client.insert({ collection_name: 'items', data: rows.slice(start, start + 2500) }), 'insert').insert_cnt);
    }
    result.inserted = inserted;

    ok(await client.createIndex({ collection_name: 'items', field_name: 'dense', index_type: 'HNSW', metric_type: 'L2', params: { M: 16, efConstruction: 128 } }), 'HNSW');
    ok(await client.createIndex({ collection_name: 'items', field_name: 'dense2', index_type: 'IVF_FLAT', metric_type: 'L2', params: { nlist: 32 } }), 'IVF_FLAT');
    ok(await client.loadCollection({ collection_name: 'items' }), 'load');
    result.loadState = ok(await client.getLoadState({ collection_name: 'items' }), 'getLoadState').state;

    // Filtered search, recall against brute force over the rows the filter keeps.
    const queries = Array.from({ length: 5 }, () => vector(DIM));
    const search = ok(await client.search({
      collection_name: 'items', anns_field: 'dense', data: queries, limit: TOPK, filter: 'year >= 2000',
      output_fields: ['id', 'year', 'category', 'tag'], params: { ef: 128 }, ...strong,
    }), 'search');
    const eligible = rows.filter(r => r.year !== null && r.year >= 2000);
    let hits = 0;
    let filterViolations = 0;
    search.results.forEach((found, q) => {
      const truth = new Set(eligible.map(r => [r.id, l2(r.dense, queries[q])]).sort((a, b) => a[1] - b[1]).slice(0, TOPK).map(p => p[0]));
      for (const hit of found) {
        if (truth.has(Number(hit.id))) hits++;
        if (!(hit.year >= 2000)) filterViolations++;
      }
    });
    result.search = {
      recall: hits / (queries.length * TOPK),
      filterViolations,
      perQuery: search.results.map(r => r.length),
      sample: search.results[0][0],
      scores: search.results[0].map(hit => hit.score),
      expectedScores: eligible.map(r => l2(r.dense, queries[0])).sort((a, b) => a - b).slice(0, TOPK),
      expectedSample: rows[Number(search.results[0][0].id)],
    };

    result.countAll = await count(client, '');
    result.countNullYear = await count(client, 'year is null');
    result.countTech = await count(client, 'category == "tech"');
    // A dynamic key comes back inside the $meta column: this SDK names query rows' keys after fields_data.
    const got = ok(await client.get({ collection_name: 'items', ids: [3, 4, 5], output_fields: ['id', 'year', 'category', 'tag'], ...strong }), 'get');
    result.got = got.data.map(r => ({ id: Number(r.id), year: r.year, category: r.category, tag: r.$meta?.tag })).sort((a, b) => a.id - b.id);

    result.deletedByIds = Number(ok(await client.delete({ collection_name: 'items', ids: [1, 2] }), 'delete ids').delete_cnt);
    result.countAfterIdDelete = await count(client, '');
    ok(await client.delete({ collection_name: 'items', filter: 'id < 10' }), 'delete filter');
    result.countAfterFilterDelete = await count(client, '');
    result.deletedVisible = await count(client, 'id in [1, 2, 5]');

    ok(await client.upsert({ collection_name: 'items', data: [{ ...rows[500], year: 2042, category: 'upserted' }] }), 'upsert');
    const upserted = ok(await client.query({ collection_name: 'items', filter: 'id == 500', output_fields: ['year', 'category'], ...strong }), 'query upserted');
    result.upserted = upserted.data.map(r => ({ year: r.year, category: r.category }));
    result.countAfterUpsert = await count(client, '');

    // Flushed segments compacted through ManualCompaction; the SDK polls GetCompactionState, as a Milvus user does.
    ok(await client.flushSync({ collection_names: ['items'] }), 'flushSync');
    const compaction = ok(await client.compact({ collection_name: 'items' }), 'compact');
    result.compaction = { state: await compactionState(client, compaction.compactionID), count: await count(client, '') };

    const hybrid = ok(await client.hybridSearch({
      collection_name: 'items',
      data: [{ data: queries[0], anns_field: 'dense', params: { ef: 64 } }, { data: vector(DIM2), anns_field: 'dense2', params: { nprobe: 8 } }],
      rerank: RRFRanker(60), limit: TOPK, output_fields: ['id', 'category'], ...strong,
    }), 'hybridSearch');
    result.hybrid = { hits: hybrid.results.length, categories: hybrid.results.every(r => typeof r.category === 'string'), distinct: new Set(hybrid.results.map(r => r.id)).size };

    ok(await client.createCollection({ collection_name: 'quick', dimension: 4, metric_type: 'L2' }), 'quick setup');
    ok(await client.insert({ collection_name: 'quick', data: [{ id: 1, vector: [1, 0, 0, 0], note: 'a' }, { id: 2, vector: [0, 1, 0, 0], note: 'b' }] }), 'quick insert');
    const quick = ok(await client.search({ collection_name: 'quick', data: [0.9, 0.1, 0, 0], limit: 1, output_fields: ['*'], ...strong }), 'quick search');
    result.quick = quick.results.map(r => ({ id: Number(r.id), vector: r.vector }));

    result.searchUnloaded = await (async () => {
      ok(await client.releaseCollection({ collection_name: 'quick' }), 'release quick');
      return (await client.search({ collection_name: 'quick', data: [1, 0, 0, 0], limit: 1 })).status;
    })();
    result.wrongDimension = (await client.search({ collection_name: 'items', anns_field: 'dense', data: [1, 2, 3], limit: 1, ...strong })).status;
    result.badFilter = (await client.query({ collection_name: 'items', filter: 'year >>> 3', output_fields: ['id'], limit: 1, ...strong })).status;

    ok(await client.dropCollection({ collection_name: 'items' }), 'drop items');
    ok(await client.dropCollection({ collection_name: 'quick' }), 'drop quick');
    result.afterDrop = ok(await client.showCollections(), 'showCollections').data.map(c => c.name);
    console.log(JSON.stringify(result));
  } finally {
    await client.closeConnection();
  }
}

async function compactionState(client, compactionID) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { state } = ok(await client.getCompactionState({ compactionID }), 'getCompactionState');
    if (state !== 'Executing') return state;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return 'Executing';
}

run(main);
