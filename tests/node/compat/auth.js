// The official Milvus Node SDK against a silo with authentication on: root with the configured password, a wrong
// password refused, users created, listed, given a new password and deleted through the credential RPCs.
// Usage: node auth.js <host:port> <root password>. Prints one JSON line; exits 1 on any failure.
'use strict';

const assert = require('node:assert/strict');
const { ok, refused, run } = require('./sdk-helpers');
const { MilvusClient } = require('@zilliz/milvus2-sdk-node');

async function main() {
  const [address, rootPassword] = process.argv.slice(2);
  assert.ok(address && rootPassword, 'usage: node auth.js <host:port> <root password>');
  const result = {};
  const root = new MilvusClient({ address, username: 'root', password: rootPassword, timeout: 15000 });
  const wrong = new MilvusClient({ address, username: 'root', password: 'not-the-password', timeout: 15000 });
  // Connect itself is refused; the SDK's constructor starts it, so its rejection is taken here.
  const wrongConnect = refused(wrong.connectPromise);
  try {
    await root.connectPromise;
    result.rootCollections = ok(await root.showCollections(), 'showCollections as root').data;
    result.wrongConnect = await wrongConnect;
    result.wrongPassword = await refused(wrong.showCollections());
    ok(await root.createUser({ username: 'reader', password: 'reader-pass-1' }), 'createUser');
    result.users = ok(await root.listUsers(), 'listUsers').usernames;
    const reader = new MilvusClient({ address, username: 'reader', password: 'reader-pass-1', timeout: 15000 });
    result.readerVersion = ok(await reader.getVersion(), 'getVersion as reader').version;
    await reader.closeConnection();
    ok(await root.updateUser({ username: 'reader', oldPassword: 'reader-pass-1', newPassword: 'reader-pass-2' }), 'updateUser');
    const stale = new MilvusClient({ address, username: 'reader', password: 'reader-pass-1', timeout: 15000 });
    result.oldPasswordAfterUpdate = await refused(stale.connectPromise);
    await stale.closeConnection();
    ok(await root.deleteUser({ username: 'reader' }), 'deleteUser');
    result.usersAfterDelete = ok(await root.listUsers(), 'listUsers').usernames;
    console.log(JSON.stringify(result));
  } finally {
    await root.closeConnection();
    await wrong.closeConnection();
  }
}

run(main);
