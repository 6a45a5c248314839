// npm run docs: regenerate docs/rules.md from the rules.
import { writeFileSync } from 'node:fs';
import { rulesMarkdown } from '../src/core/rules/docs';

writeFileSync('docs/rules.md', rulesMarkdown());
console.log('wrote docs/rules.md');
