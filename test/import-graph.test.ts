// Walks the import graph of src/ and fails when a module imports against the data flow of DESIGN.md, or in a cycle.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve(import.meta.dirname, '..', 'src');

/**
 * The stages in data-flow order. A module may import its own stage and earlier ones, never a later one.
 * Connectors are live sources feeding ingest's mappers; growth reads the audit's scored followers, so it follows audit.
 */
const STAGE_RANK: Record<string, number> = {
  core: 0,
  ingest: 1,
  connectors: 2,
  features: 3,
  model: 4,
  audit: 5,
  growth: 5.5,
  value: 5,
  store: 6,
  jobs: 7,
  interfaces: 8,
};
/** `src/index.ts`, the library API, may import every stage but the interfaces. */
const LIBRARY_RANK = 7.5;

type Graph = Map<string, string[]>;

function listModules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listModules(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function readGraph(root: string): Graph {
  const graph: Graph = new Map();
  for (const file of listModules(root)) {
    const source = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier?.startsWith('.')) targets.push(relative(root, resolve(dirname(file), specifier)));
    }
    graph.set(relative(root, file), targets);
  }
  return graph;
}

function rankOf(module: string): number | undefined {
  const top = module.split('/')[0] as string;
  if (!module.includes('/')) return module === 'index.ts' ? LIBRARY_RANK : undefined;
  return STAGE_RANK[top];
}

export function findViolations(graph: Graph): string[] {
  const problems: string[] = [];
  for (const [module, targets] of graph) {
    const from = rankOf(module);
    if (from === undefined) {
      problems.push(`${module}: not in a stage folder of DESIGN.md (${Object.keys(STAGE_RANK).join(', ')})`);
      continue;
    }
    for (const target of targets) {
      const to = rankOf(target);
      const sameStage = module.split('/')[0] === target.split('/')[0];
      if (to === undefined) problems.push(`${module} imports ${target}, outside src/ stages`);
      else if (!sameStage && to >= from) problems.push(`${module} imports ${target}: against the data flow`);
    }
  }
  return problems;
}

export function findCycles(graph: Graph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (module: string): void => {
    state.set(module, 'open');
    stack.push(module);
    for (const target of graph.get(module) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target) && graph.has(target)) visit(target);
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of graph.keys()) if (!state.has(module)) visit(module);
  return cycles;
}

describe('import graph of src/', () => {
  const graph = readGraph(SRC);

  it('finds the modules', () => {
    assert.ok(graph.size > 10, `only ${graph.size} modules found under ${SRC}`);
  });

  it('never imports against the data flow', () => {
    assert.deepEqual(findViolations(graph), []);
  });

  it('has no import cycles', () => {
    assert.deepEqual(findCycles(graph), []);
  });

  it('catches a later stage imported by an earlier one, and a cycle', () => {
    const bad: Graph = new Map([
      ['ingest/read.ts', ['model/predict.ts']],
      ['model/predict.ts', ['model/tree.ts']],
      ['model/tree.ts', ['model/predict.ts']],
      ['audit/report.ts', ['interfaces/cli/main.ts']],
      ['interfaces/cli/main.ts', ['audit/report.ts']],
    ]);
    assert.deepEqual(findViolations(bad), [
      'ingest/read.ts imports model/predict.ts: against the data flow',
      'audit/report.ts imports interfaces/cli/main.ts: against the data flow',
    ]);
    assert.equal(findCycles(bad).length, 2);
  });
});
