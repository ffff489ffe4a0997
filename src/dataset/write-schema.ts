/** Regenerates the shipped `dataset.schema.json` from the zod schema (`npm run schema`). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { datasetJsonSchema } from './schema.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../../src/dataset/dataset.schema.json', import.meta.url));

export const renderSchema = (): string => `${JSON.stringify(datasetJsonSchema(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(SCHEMA_FILE, renderSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
