// s3rver 3.7.1 decodes x-amz-copy-source with decodeURI, which keeps the %2F that AWSSDK v4 sends,
// so CopyObject misses the source key. decodeURIComponent is what S3 does. Idempotent.
const fs = require('fs');
const path = require('path');
const file = path.join(__dirname, 'node_modules', 's3rver', 'lib', 'controllers', 'object.js');
const text = fs.readFileSync(file, 'utf8');
const patched = text.replace('let copySource = decodeURI(', 'let copySource = decodeURIComponent(');
if (patched !== text) fs.writeFileSync(file, patched);
