// A test reporter beside TAP: lists what was skipped, whole suites included (node's own summary
// counts skipped tests only, so a suite skipped for want of PostgreSQL or Chromium would go unsaid).
export default async function* skipSummary(source) {
  const skipped = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, name, file } = event.data;
    if (skip === undefined || skip === false) continue;
    const where = file ? ` [${file.slice(file.lastIndexOf('/') + 1)}]` : '';
    skipped.push(`${name}${typeof skip === 'string' ? `: ${skip}` : ''}${where}`);
  }
  yield skipped.length === 0
    ? '# skipped, whole suites included: none\n'
    : `# skipped, whole suites included: ${skipped.length}\n${skipped.map((line) => `#   ${line}`).join('\n')}\n`;
}
