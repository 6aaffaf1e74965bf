#!/usr/bin/env node
// Rewrites the README's list of operations from the code (npm run readme:operations, after a build).
import { readFileSync, writeFileSync } from 'node:fs';
import { operationsSection } from '../dist/test/support/readmeOperations.js';

const START = '<!-- operations:start -->';
const END = '<!-- operations:end -->';
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} section`);
writeFileSync('README.md', `${readme.slice(0, start)}${operationsSection()}${readme.slice(end + END.length)}`);
console.log('README.md: the list of operations is the code\'s');
