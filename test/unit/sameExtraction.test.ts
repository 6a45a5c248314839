import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameExtraction } from '../../src/core/sameExtraction';

const none = new Set<string>();

test('sameExtraction: equal plain data made twice is the same; a changed leaf anywhere is not', () => {
  const make = (interval: string) => ({
    files: [{ path: '/etc/cfn/cfn-hup.conf', rendered: { text: `interval=${interval}` } }],
  });
  assert.equal(sameExtraction(make('5'), make('5'), none), true);
  assert.equal(sameExtraction(make('5'), make('0'), none), false);
  assert.equal(sameExtraction({ a: 1 }, { a: 1, b: undefined }, none), false);
  assert.equal(sameExtraction([1, 2], [1, 2, 3], none), false);
  assert.equal(sameExtraction(Number.NaN, Number.NaN, none), true);
});

test('sameExtraction: shared objects are equal at once; Maps and Sets compare in order', () => {
  const shared = { huge: new Array(1000).fill(0) };
  assert.equal(sameExtraction({ node: shared }, { node: shared }, none), true);
  assert.equal(
    sameExtraction(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
      none,
    ),
    true,
  );
  assert.equal(
    sameExtraction(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
      new Map([
        ['b', 2],
        ['a', 1],
      ]),
      none,
    ),
    false,
  );
  assert.equal(sameExtraction(new Set([1, 2]), new Set([1, 3]), none), false);
  assert.equal(sameExtraction(new Map(), {}, none), false);
});

test('sameExtraction: cycles (a config and its Init) terminate and pair objects one to one', () => {
  const build = (name: string) => {
    const init: { configs: unknown[] } = { configs: [] };
    const config = { name, init };
    init.configs.push(config);
    return init;
  };
  assert.equal(sameExtraction(build('x'), build('x'), none), true);
  assert.equal(sameExtraction(build('x'), build('y'), none), false);
  // One object on one side standing for two different ones on the other is not the same shape.
  const one = { v: 1 };
  assert.equal(sameExtraction([one, one], [{ v: 1 }, { v: 1 }], none), false);
});

test('sameExtraction: skipped fields are not compared', () => {
  assert.equal(
    sameExtraction({ ctx: 1, selected: [1], x: 2 }, { ctx: 2, selected: [2], x: 2 }, new Set(['ctx', 'selected'])),
    true,
  );
  assert.equal(sameExtraction({ ctx: 1, x: 2 }, { ctx: 1, x: 3 }, new Set(['ctx'])), false);
});
