// Connects to a running silo with the official Milvus Node SDK and calls the RPCs that need no database.
// Usage: node connect.js <host:port>. Prints one JSON line with what the server answered; exits 1 on any failure.
'use strict';

const assert = require('node:assert/strict');
const { MilvusClient, CONNECT_STATUS } = require('@zilliz/milvus2-sdk-node');

async function main() {
  const address = process.argv[2];
  assert.ok(address, 'usage: node connect.js <host:port>');
  // Default client settings, telemetry included: its ClientHeartbeat RPC gets UNIMPLEMENTED, which the SDK tolerates.
  const client = new MilvusClient({ address, timeout: 15000 });
  try {
    await client.connectPromise;
    assert.equal(client.connectStatus, CONNECT_STATUS.CONNECTED, 'Connect did not return a non-zero identifier');

    const version = await client.getVersion();
    assert.equal(version.status.error_code, 'Success');

    const health = await client.checkHealth();
    assert.equal(health.status.error_code, 'Success');
    assert.equal(health.isHealthy, true);

    console.log(JSON.stringify({
      connectStatus: CONNECT_STATUS[client.connectStatus],
      identifier: String(client.metadata.get('identifier')),
      serverInfo: client.serverInfo,
      version: version.version,
      versionStatus: version.status,
      isHealthy: health.isHealthy,
      healthStatus: health.status,
    }));
  } finally {
    await client.closeConnection();
  }
}

main().catch(error => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
