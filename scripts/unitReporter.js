// Mocha reporter for the unit suite: mocha's spec output, plus the counts as JSON in the file named by
// TOKENHUB_UNIT_RESULTS, for scripts/test.js.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha/lib/mocha.cjs');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class UnitReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    const result = { suite: 'unit', passed: 0, failed: 0, pending: 0, failures: [], durationMs: 0 };
    runner.on(EVENT_TEST_PASS, () => (result.passed += 1));
    runner.on(EVENT_TEST_PENDING, () => (result.pending += 1));
    runner.on(EVENT_TEST_FAIL, (test, error) => {
      result.failed += 1;
      result.failures.push({ title: test.fullTitle(), message: String(error?.message ?? error), stack: String(error?.stack ?? '') });
    });
    runner.once(EVENT_RUN_END, () => {
      result.durationMs = Date.now() - started;
      const file = process.env.TOKENHUB_UNIT_RESULTS;
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    });
  }
}

module.exports = UnitReporter;
