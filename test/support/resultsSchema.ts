// The published JSON Schema of results.json, compiled once for tests (with every error, where
// the harness stops at the first).
import { readFileSync } from 'node:fs';
// Named import: under NodeNext the default import of this CommonJS module types as the namespace.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { RESULTS_SCHEMA_PATH } from '../../reports/readResults.js';

export const resultsSchema: unknown = JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, 'utf8'));

export const validateResults = new Ajv2020({ strict: true, allErrors: true }).compile(resultsSchema as object);
