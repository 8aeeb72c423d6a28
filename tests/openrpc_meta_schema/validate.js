// Validates OpenRPC documents against the official OpenRPC meta-schema (@open-rpc/meta-schema,
// pinned in package-lock.json), with Ajv. Usage: node validate.js doc.json...
// Before the documents it checks that a broken document is refused, so that a harness that
// accepts everything cannot pass.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const { openrpcDocument } = require('@open-rpc/meta-schema');
const { jsonSchema } = require('@json-schema-tools/meta-schema');

// The OpenRPC meta-schema refers to the JSON Schema meta-schema at https://meta.json-schema.tools/
// (for every `schema` in a document) and names it as its own $schema; both are draft-07 in
// their keywords. Formats (uri, email) are not what this test is about.
// The references spell that address with and without its final slash.
const without = (schema, ...keys) => {
  const copy = { ...schema };
  for (const key of keys) delete copy[key];
  return copy;
};
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(without(jsonSchema, '$schema', '$id'), 'https://meta.json-schema.tools/');
ajv.addSchema(without(jsonSchema, '$schema', '$id'), 'https://meta.json-schema.tools');
const validate = ajv.compile(without(openrpcDocument, '$schema'));

function check(name, document) {
  if (validate(document)) return true;
  console.error(`${name}: not a valid OpenRPC document:`);
  for (const error of validate.errors) console.error(`  ${error.instancePath || '/'} ${error.message}`);
  return false;
}

const broken = { openrpc: '1.3.2', methods: [{ name: 'm', params: [{ schema: {} }] }] };
if (validate(broken)) {
  console.error('validate.js: the meta-schema accepted a document without info and a parameter without name');
  process.exit(1);
}

let ok = true;
for (const file of process.argv.slice(2)) {
  ok = check(file, JSON.parse(fs.readFileSync(file, 'utf8'))) && ok;
  if (ok) console.log(`${file}: valid`);
}
process.exit(ok ? 0 : 1);
