// A node:test reporter that prints, at the end of the run, every skipped test with its file and reason (and the todo ones), so a skip is never silent.
import { relative } from 'node:path';

export default async function* skipReport(source) {
  const skipped = [];
  const todo = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, file, skip, todo: isTodo, details } = event.data;
    // Tests registered through test/skippable-tests.ts carry its location (Node 20 takes the caller's), not their file's.
    const where = file && !file.endsWith('skippable-tests.ts') ? `${relative(process.cwd(), file)}: ` : '';
    // A skipped describe from node:test hides how many tests it holds: test/skippable-tests.ts's describe names them.
    const shown =
      details?.type === 'suite' ? `${name} (a whole describe block: its tests are not counted)` : name;
    if (skip !== undefined)
      skipped.push({ where, name: shown, reason: skip === true ? '(no reason given)' : skip });
    else if (isTodo !== undefined) todo.push({ where, name, reason: isTodo === true ? '' : isTodo });
  }
  const lines = [`\n# skip report: ${skipped.length} skipped, ${todo.length} todo`];
  const byReason = new Map();
  for (const test of skipped) byReason.set(test.reason, [...(byReason.get(test.reason) ?? []), test]);
  for (const [reason, tests] of byReason) {
    lines.push(`#   ${tests.length} skipped: ${reason}`);
    for (const test of tests) lines.push(`#     ${test.where}${test.name}`);
  }
  for (const test of todo)
    lines.push(`#   todo ${test.where}${test.name}${test.reason ? ` (${test.reason})` : ''}`);
  yield `${lines.join('\n')}\n`;
}
