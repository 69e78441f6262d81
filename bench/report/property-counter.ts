/**
 * Jest setup for the reliability report: every fast-check property records how many generated
 * cases it ran (one JSON line per property in $KALCIFER_PROPERTY_COUNTS), and still fails the
 * test as fast-check's own reporter would.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

const out = process.env.KALCIFER_PROPERTY_COUNTS;
if (!out) throw new Error('KALCIFER_PROPERTY_COUNTS names the file the counts go to');

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  reporter: (details) => {
    const state = expect.getState();
    appendFileSync(
      out,
      `${JSON.stringify({ file: state.testPath, test: state.currentTestName, runs: details.numRuns, failed: details.failed })}\n`,
    );
    if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
  },
});
