// The official Milvus Node SDK drives sparse vectors against a running silo: a collection with a dense and a
// SPARSE_FLOAT_VECTOR field; 2,000 rows with SPLADE-like sparse rows in the SDK's dict form; SPARSE_INVERTED_INDEX (IP)
// and FLAT; load; sparse search checked against a brute-force dot product computed here, on growing rows and again
// after a flush has sealed and indexed them; hybrid search over both fields with RRF and weighted rankers; query and
// search with the sparse field in output_fields; drop.
// Usage: node sparse-flow.js <host:port>. Prints one JSON line; exits 1 on any failure.
'use strict';

const assert = require('node:assert/strict');
const { ok, run } = require('./sdk-helpers');
const { MilvusClient, DataType, ConsistencyLevelEnum, RRFRanker, WeightedRanker } = require('@zilliz/milvus2-sdk-node');

const ROWS = 2000;
const DIM = 8;
const VOCABULARY = 500;
const TOPK = 10;
const COLLECTION = 'sparse_items';
const strong = { consistency_level: ConsistencyLevelEnum.Strong };

// mulberry32: a small deterministic generator, so every run inserts the same rows.
let state = 777;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const dense = () => Array.from({ length: DIM }, () => random() * 2 - 1);
// SPLADE-like: up to 30 non-zeros, low dimension ids more frequent, float32 values in (0, 1].
const sparse = () => {
  const row = {};
  const length = Math.floor(random() * 31);
  while (Object.keys(row).length < length) {
    row[Math.floor(random() * random() * VOCABULARY)] = Math.fround(1 - random());
  }
  return row;
};
const dot = (a, b) => Object.entries(a).reduce((sum, [index, value]) => sum + (b[index] !== undefined ? value * b[index] : 0), 0);
const close = (a, b) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));
const sameSparse = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([i, v]) => a[i] !== undefined && close(a[i], v));

/**
 * Checks a sparse search against brute force over the candidate rows: every hit's score is its dot product, and the
 * ranks' scores are the best ones.
 */
const exactness = (rows, candidates, queries, results) => {
  const report = { hits: 0, expectedHits: 0, scoreMismatches: 0, rankMismatches: 0 };
  queries.forEach((query, q) => {
    const truth = candidates.map(r => dot(r.sparse, query)).filter(s => s > 0).sort((a, b) => b - a).slice(0, TOPK);
    const found = results[q];
    report.hits += found.length;
    report.expectedHits += truth.length;
    found.forEach((hit, rank) => {
      if (!close(hit.score, dot(rows[Number(hit.id)].sparse, query))) report.scoreMismatches++;
      if (!close(hit.score, truth[rank] ?? -1)) report.rankMismatches++;
    });
  });
  return report;
};

async function main() {
  const address = process.argv[2];
  assert.ok(address, 'usage: node sparse-flow.js <host:port>');
  const client = new MilvusClient({ address, timeout: 60000 });
  const result = {};
  try {
    await client.connectPromise;
    ok(await client.createCollection({
      collection_name: COLLECTION,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
        { name: 'dense', data_type: DataType.FloatVector, dim: DIM },
        { name: 'sparse', data_type: DataType.SparseFloatVector },
        { name: 'n', data_type: DataType.Int64 },
      ],
    }), 'create');
    result.sparseField = ok(await client.describeCollection({ collection_name: COLLECTION }), 'describe')
      .schema.fields.find(f => f.name === 'sparse').data_type;

    const rows = Array.from({ length: ROWS }, (_, i) => ({ id: i, dense: dense(), sparse: sparse(), n: i }));
    let inserted = 0;
    for (let start = 0; start < ROWS; start += 1000) {
      inserted += Number(ok(await client.insert({ collection_name: COLLECTION, data: rows.slice(start, start + 1000) }), 'insert').insert_cnt);
    }
    result.inserted = inserted;

    ok(await client.createIndex({ collection_name: COLLECTION, field_name: 'dense', index_type: 'FLAT', metric_type: 'L2' }), 'FLAT');
    ok(await client.createIndex({
      collection_name: COLLECTION, field_name: 'sparse', index_type: 'SPARSE_INVERTED_INDEX', metric_type: 'IP',
      params: { inverted_index_algo: 'DAAT_MAXSCORE', drop_ratio_build: 0 },
    }), 'SPARSE_INVERTED_INDEX');
    const described = ok(await client.describeIndex({ collection_name: COLLECTION, field_name: 'sparse' }), 'describeIndex').index_descriptions[0];
    result.sparseIndex = Object.fromEntries(described.params.map(p => [p.key, p.value]));
    ok(await client.loadCollection({ collection_name: COLLECTION }), 'load');

    const queries = Array.from({ length: 3 }, sparse).map(q => (Object.keys(q).length > 0 ? q : { 1: 0.5 }));
    const searchSparse = async () => ok(await client.search({
      collection_name: COLLECTION, anns_field: 'sparse', data: queries, limit: TOPK, params: { drop_ratio_search: 0 },
      output_fields: ['id', 'n'], ...strong,
    }), 'sparse search').results;
    result.growing = exactness(rows, rows, queries, await searchSparse());

    // Sealed: the flush seals the rows and the index builder builds the sparse index on them.
    ok(await client.flushSync({ collection_names: [COLLECTION] }), 'flushSync');
    result.indexedRows = await indexedRows(client);
    result.sealed = exactness(rows, rows, queries, await searchSparse());

    const filtered = ok(await client.search({
      collection_name: COLLECTION, anns_field: 'sparse', data: queries[0], limit: TOPK, filter: 'n < 500', output_fields: ['id', 'sparse'], ...strong,
    }), 'filtered sparse search').results;
    result.filtered = {
      ...exactness(rows, rows.slice(0, 500), [queries[0]], [filtered]),
      violations: filtered.filter(hit => Number(hit.id) >= 500).length,
      vectorsReturned: filtered.every(hit => sameSparse(hit.sparse, rows[Number(hit.id)].sparse)),
    };

    const denseQuery = dense();
    const alone = ok(await client.search({ collection_name: COLLECTION, anns_field: 'sparse', data: queries[1], limit: TOPK, ...strong }), 'sparse alone').results;
    const denseAlone = ok(await client.search({ collection_name: COLLECTION, anns_field: 'dense', data: denseQuery, limit: TOPK, ...strong }), 'dense alone').results;
    const both = [{ data: denseQuery, anns_field: 'dense' }, { data: queries[1], anns_field: 'sparse', params: { drop_ratio_search: 0 } }];
    const rrf = ok(await client.hybridSearch({ collection_name: COLLECTION, data: both, rerank: RRFRanker(60), limit: TOPK, output_fields: ['id', 'n'], ...strong }), 'hybrid rrf').results;
    const fused = new Map();
    [denseAlone, alone].forEach(list => list.forEach((hit, rank) => fused.set(hit.id, (fused.get(hit.id) ?? 0) + 1 / (60 + rank + 1))));
    const expectedRrf = [...fused.values()].sort((a, b) => b - a).slice(0, TOPK);
    const weighted = ok(await client.hybridSearch({ collection_name: COLLECTION, data: both, rerank: WeightedRanker([0, 1]), limit: TOPK, ...strong }), 'hybrid weighted').results;
    result.hybrid = {
      hits: rrf.length,
      distinct: new Set(rrf.map(r => r.id)).size,
      rrfScoresMatch: rrf.every((hit, rank) => close(hit.score, expectedRrf[rank])),
      outputs: rrf.every(hit => Number(hit.n) === Number(hit.id)),
      weightedFollowsSparse: weighted.slice(0, alone.length).map(h => h.id).join() === alone.map(h => h.id).join(),
    };

    const got = ok(await client.query({ collection_name: COLLECTION, filter: 'id in [1, 2, 3]', output_fields: ['id', 'sparse'], ...strong }), 'query').data;
    result.query = { rows: got.length, equal: got.every(r => sameSparse(r.sparse, rows[Number(r.id)].sparse)) };

    ok(await client.dropCollection({ collection_name: COLLECTION }), 'drop');
    result.afterDrop = ok(await client.showCollections(), 'showCollections').data.map(c => c.name);
    console.log(JSON.stringify(result));
  } finally {
    await client.closeConnection();
  }
}

/** The sparse index's indexed rows once its build has finished (as a user polls describeIndex). */
async function indexedRows(client) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const [index] = ok(await client.describeIndex({ collection_name: COLLECTION, field_name: 'sparse' }), 'describeIndex').index_descriptions;
    if (index.state === 'Finished' && Number(index.indexed_rows) === ROWS) return Number(index.indexed_rows);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return -1;
}

run(main);
