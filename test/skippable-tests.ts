// node:test's describe/it/hooks, with a skipped describe that still names and counts each of its tests (Node 20 reports a skipped suite as one skip and drops its tests from the count).
import * as nodeTest from 'node:test';

type SuiteFn = () => void;
type Options = { skip?: string | boolean | false; timeout?: number; concurrency?: number | boolean };

/** The reasons of the skipped describe blocks being registered now, innermost last. */
const skipping: string[] = [];

function reasonOf(skip: Options['skip']): string | undefined {
  if (skip === undefined || skip === false) return undefined;
  return skip === true ? 'skipped' : skip;
}

/**
 * As node:test's describe; when `skip` is set, the block still registers its tests, each skipped with the reason,
 * and its hooks do not run — so the run's summary counts and names every test that did not run.
 */
export function describe(name: string, optionsOrFn: Options | SuiteFn, maybeFn?: SuiteFn): void {
  const options = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
  const fn = (typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn) as SuiteFn;
  const reason = reasonOf(options.skip);
  const { skip: _skip, ...rest } = options;
  nodeTest.describe(name, rest, () => {
    if (reason !== undefined) skipping.push(reason);
    try {
      fn();
    } finally {
      if (reason !== undefined) skipping.pop();
    }
  });
}

type TestFn = nodeTest.TestFn;

/** As node:test's it, skipped with the enclosing skipped describe's reason. */
export function it(name: string, optionsOrFn?: Options | TestFn, maybeFn?: TestFn): void {
  const options = typeof optionsOrFn === 'function' || optionsOrFn === undefined ? {} : optionsOrFn;
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  const inherited = skipping.at(-1);
  nodeTest.it(name, inherited === undefined ? options : { ...options, skip: inherited }, fn);
}

type HookFn = Parameters<typeof nodeTest.before>[0];
const hook =
  (register: (fn: HookFn, options?: { timeout?: number }) => void) =>
  (fn: HookFn, options?: { timeout?: number }): void => {
    if (skipping.length === 0) register(fn, options);
  };

/** Hooks of a skipped describe block do not run. */
export const before = hook(nodeTest.before);
export const after = hook(nodeTest.after);
export const beforeEach = hook(nodeTest.beforeEach);
export const afterEach = hook(nodeTest.afterEach);
