// The SVG charts: bars sized by their numbers, the threshold splitting the histogram, labels escaped, no NaN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderHistogram, renderScoreBar, renderShareBars } from './svg-charts.ts';

const text = { title: 'A chart', description: 'its numbers' };

function attributes(svg: string, selector: RegExp): string[] {
  return [...svg.matchAll(selector)].map((match) => match[1] as string);
}

describe('renderShareBars', () => {
  const svg = renderShareBars(text, [
    { label: 'half', count: 50, share: 0.5, tone: 'real' },
    { label: '<b>none</b>', count: 0, share: 0, tone: 'inactive' },
    { label: 'over', count: 3, share: 1.2, tone: 'suspicious' },
  ]);

  it('fills each track to its share of the 360-wide chart, clamped to 0–1', () => {
    assert.deepEqual(attributes(svg, /class="bar tone-[a-z]+" x="0" y="[\d.]+" width="([\d.]+)"/g), [
      '180',
      '0',
      '360',
    ]);
    assert.match(svg, /50\.0 % · 50/);
  });

  it('is an image with a label and a title, and escapes its labels', () => {
    assert.match(
      svg,
      /^<svg class="chart share-bars" viewBox="0 0 360 126" role="img" aria-label="A chart\. its numbers"><title>A chart<\/title><desc>its numbers<\/desc>/,
    );
    assert.ok(svg.includes('&lt;b&gt;none&lt;/b&gt;'));
    assert.ok(!svg.includes('<b>'));
  });
});

describe('renderHistogram', () => {
  const histogram = { edges: [0, 0.25, 0.5, 0.75, 1], counts: [40, 10, 0, 20], threshold: 0.5 };
  const svg = renderHistogram(text, histogram);

  it('draws a bar per bin, heights in proportion, bins from the threshold up as suspicious', () => {
    const heights = attributes(
      svg,
      /<rect class="bar tone-[a-z]+" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g,
    ).map(Number);
    assert.equal(heights.length, 4);
    assert.ok(Math.abs((heights[0] as number) / (heights[1] as number) - 4) < 0.01, `heights ${heights}`);
    assert.equal(heights[2], 0);
    assert.deepEqual(attributes(svg, /<rect class="bar (tone-[a-z]+)"/g), [
      'tone-below',
      'tone-below',
      'tone-suspicious',
      'tone-suspicious',
    ]);
    assert.match(svg, /<title>p\(fake\) 0\.75–1\.00: 20 followers \(28\.6 %\)<\/title>/);
  });

  it('marks the threshold and labels the axes', () => {
    assert.match(svg, /<line class="threshold" x1="([\d.]+)" x2="\1"/);
    assert.match(svg, />threshold 0\.5</);
    assert.match(svg, />p\(fake\)</);
    assert.match(svg, />50</, 'the count axis tops at a round number above the fullest bin');
  });

  it('draws an empty histogram without NaN', () => {
    const empty = renderHistogram(text, { edges: [0, 0.5, 1], counts: [0, 0], threshold: 0.5 });
    assert.ok(!empty.includes('NaN'));
  });
});

describe('renderScoreBar', () => {
  it('lays the parts side by side, each as wide as its points out of 100', () => {
    const svg = renderScoreBar(text, [
      { name: 'authenticity', points: 25 },
      { name: 'reachability', points: 50 },
    ]);
    assert.deepEqual(attributes(svg, /class="bar tone-[a-z]+" x="([\d.]+)"/g), ['0', '90']);
    assert.deepEqual(attributes(svg, /class="bar tone-[a-z]+" x="[\d.]+" y="0" width="([\d.]+)"/g), [
      '90',
      '180',
    ]);
    assert.match(svg, /<title>reachability: 50\.0 points<\/title>/);
  });
});
