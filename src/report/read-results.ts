import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { packageFile } from '../spec/index.ts';
import { RESULTS_SCHEMA, type ResultsDocument } from './results.ts';

const SCHEMA_FILE = packageFile('spec/results.schema.json');

let validate: ValidateFunction | undefined;

/** A results.json, checked against its schema once, here; `problem` says why it cannot be used. */
export function decodeResults(text: string): { doc: ResultsDocument } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'it is not JSON' };
  }
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  if (!validate(value)) {
    const [first] = validate.errors ?? [];
    return {
      problem: `it is not a ${RESULTS_SCHEMA} document (${first?.instancePath || '/'} ${first?.message ?? ''})`,
    };
  }
  return { doc: value as ResultsDocument };
}
