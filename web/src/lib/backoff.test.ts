import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the base up to the ceiling', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, { random: top }))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });

  it('waits at least half the step', () => {
    expect(backoffDelay(0, { random: () => 0 })).toBe(500);
    expect(backoffDelay(3, { random: () => 0 })).toBe(4000);
    expect(backoffDelay(99, { random: () => 0, maxMs: 10_000 })).toBe(5000);
  });

  it('takes odd attempts as the first', () => {
    expect(backoffDelay(-2, { random: () => 0 })).toBe(500);
    expect(backoffDelay(Number.NaN, { random: () => 0 })).toBe(500);
  });
});
