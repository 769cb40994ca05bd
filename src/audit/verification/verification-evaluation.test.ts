import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  renderVerificationSection,
  replaceVerificationSection,
  VERIFICATION_SECTION_END,
  VERIFICATION_SECTION_START,
} from './verification-evaluation.ts';
import { simulateVerification } from './verification-simulation.ts';

describe('the verification section of EVALUATION.md', () => {
  const settings = { shares: [0, 0.5], repeats: 2, audienceSize: 300, labelCounts: [50, 100], seed: 1 };
  const pool = {
    name: 'toy',
    humans: Float64Array.of(0.05, 0.2, 0.4),
    fakes: Float64Array.of(0.6, 0.9, 0.3),
  };
  const section = renderVerificationSection({
    command: 'realreach eval',
    settings,
    pools: [{ name: 'toy', trainedOn: 'other', humans: 3, fakes: 3, rocAuc: 0.889 }],
    cells: simulateVerification([pool], settings),
  });

  it('tabulates coverage and widths for each label count between its markers', () => {
    assert.ok(section.startsWith(VERIFICATION_SECTION_START));
    assert.ok(section.trimEnd().endsWith(VERIFICATION_SECTION_END));
    assert.match(section, /\n\| +50 \| +4 \| /);
    assert.match(section, /\n\| +100 \| +4 \| /);
    assert.match(section, /\| toy +\| other +\| +3 \| +3 \| +0\.889 \|/);
  });

  it('replaces the section in place, or appends it to a report without one', () => {
    const report = `# Evaluation\n\nbefore\n\n${VERIFICATION_SECTION_START}\nold\n${VERIFICATION_SECTION_END}\n\nafter\n`;
    const replaced = replaceVerificationSection(report, section);
    assert.ok(replaced.startsWith('# Evaluation\n\nbefore\n\n'));
    assert.ok(!replaced.includes('\nold\n'));
    assert.ok(replaced.endsWith('after\n'));
    assert.equal(replaceVerificationSection('# E\n', section), `# E\n\n${section}`);
  });
});
