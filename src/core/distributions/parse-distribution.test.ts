/**
 * `parseDistribution`: every form parses and round-trips its canonical spec; empirical values come
 * through the injected reader and must be positive.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../errors.js';
import { parseDistribution } from './parse-distribution.js';

describe('parseDistribution', () => {
  it('parses every form and round-trips the canonical spec', () => {
    for (const spec of [
      'exp',
      'exp:2',
      'weibull:0.5,0.5',
      'lognormal:-0.5,1',
      'bpareto:1.5,0.3,100',
      'det:2',
      'hyperexp:0.9,0.5,5.5',
    ]) {
      expect(parseDistribution(spec).spec).toBe(spec);
      expect(parseDistribution(parseDistribution(spec).spec).mean).toBe(
        parseDistribution(spec).mean,
      );
    }
    expect(parseDistribution('exp:1').spec).toBe('exp');
  });

  it('reads empirical values through the injected reader', () => {
    const d = parseDistribution('empirical:sizes.txt', { readValues: () => [1, 3] });
    expect(d.mean).toBe(2);
    expect(d.spec).toBe('empirical:sizes.txt');
  });

  it.each([
    ['nope:1', /unknown distribution 'nope'/],
    ['exp:0', /MEAN must be > 0/],
    ['exp:1,2', /expected exp or exp:MEAN/],
    ['weibull:0.5', /weibull:SHAPE,SCALE/],
    ['weibull:a,1', /'a' is not a finite number/],
    ['lognormal:0,-1', /SIGMA must be > 0/],
    ['bpareto:1,5,2', /HIGH must be > LOW/],
    ['hyperexp:1.5,1,2', /P1 must be in \(0, 1\)/],
    ['det:', /det:X/],
    ['empirical:', /missing PATH/],
    ['empirical:x.txt', /no file reader/],
  ])('rejects %s with a one-line INPUT_INVALID naming the spec', (spec, message) => {
    let error: unknown;
    try {
      parseDistribution(spec);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).code).toBe('INPUT_INVALID');
    expect((error as SchedulerError).message).toContain(`'${spec}'`);
    expect((error as SchedulerError).message).toMatch(message);
    expect((error as SchedulerError).message).not.toContain('\n');
  });

  it('rejects empirical values that are not positive numbers', () => {
    expect(() => parseDistribution('empirical:f', { readValues: () => [1, -2] })).toThrow(/> 0/);
    expect(() => parseDistribution('empirical:f', { readValues: () => [] })).toThrow(/no values/);
  });
});
