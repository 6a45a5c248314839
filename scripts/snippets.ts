// npm run snippets: regenerate snippets/*.json from src/core/authoring/snippets.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { snippetFiles } from '../src/core/authoring/snippets';

const files = snippetFiles();
mkdirSync('snippets', { recursive: true });
writeFileSync('snippets/yaml.json', JSON.stringify(files.yaml, null, 2) + '\n');
writeFileSync('snippets/json.json', JSON.stringify(files.json, null, 2) + '\n');
console.log('wrote snippets/yaml.json and snippets/json.json');
