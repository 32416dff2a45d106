// What the SDK flow scripts share: checking a Milvus status, capturing a refused call, and running main so that any
// failure prints its stack and exits 1 (the C# test then shows it).
'use strict';

const assert = require('node:assert/strict');

/** The response, after asserting its (or its status's) error_code is Success. */
const ok = (response, what) => {
  const status = response.status ?? response;
  assert.equal(status.error_code, 'Success', `${what}: ${JSON.stringify(status)}`);
  return response;
};

/** A call the server refuses at the gRPC level: the code and message the SDK raised (or what it resolved to). */
const refused = promise => promise.then(r => ({ resolved: r }), e => ({ code: e.code, message: String(e.details ?? e.message) }));

const run = main => main().catch(error => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});

module.exports = { ok, refused, run };
