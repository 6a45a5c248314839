import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeSetLeftovers, EXIT_INTERRUPTED_TWICE, interruption } from '../../src/cli/changeSetRun';

/**
 * Ctrl-C in the CLI: the first aborts the run, which then winds down (and may wait on AWS); a second
 * exits at once, saying what may be left (QA: a second Ctrl-C exited 130 without a word). SIGINT is
 * emitted on the process, not sent: the listeners run, nothing is killed.
 */
test('the first Ctrl-C aborts; the second exits 130 at once and says what may be left', () => {
  const written: string[] = [];
  const exits: number[] = [];
  const before = process.listenerCount('SIGINT');
  const run = interruption(
    undefined,
    changeSetLeftovers('fleet'),
    (t) => written.push(t),
    (c) => exits.push(c),
  );
  try {
    process.emit('SIGINT', 'SIGINT');
    assert.equal(run.signal.aborted, true);
    assert.deepEqual(exits, [], 'the first one only aborts');
    process.emit('SIGINT', 'SIGINT');
    assert.deepEqual(exits, [EXIT_INTERRUPTED_TWICE]);
    assert.match(written.join(''), /interrupted again: exiting now, without waiting for AWS\./);
    assert.match(written.join(''), /cfn-hup-tools status --stack fleet`.*list-change-sets --stack-name fleet/);
  } finally {
    run.dispose();
  }
  assert.equal(process.listenerCount('SIGINT'), before, 'no listener is left behind');
});

test('a run that ends normally leaves no SIGINT listener (before or after a first Ctrl-C)', () => {
  const before = process.listenerCount('SIGINT');
  interruption(
    undefined,
    'x',
    () => undefined,
    () => undefined,
  ).dispose();
  assert.equal(process.listenerCount('SIGINT'), before);
  const run = interruption(
    undefined,
    'x',
    () => undefined,
    () => undefined,
  );
  process.emit('SIGINT', 'SIGINT');
  run.dispose();
  assert.equal(process.listenerCount('SIGINT'), before);
});
