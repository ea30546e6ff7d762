// The published JSON Schema of results.json, compiled once for tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Named import: under NodeNext the default import of this CommonJS module types as the namespace.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';

export const resultsSchema: unknown = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'reports', 'results.schema.json'), 'utf8'));

export const validateResults = new Ajv2020({ strict: true, allErrors: true }).compile(resultsSchema as object);
