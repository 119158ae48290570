import { describe, expect, it } from 'vitest';
import { planLetters, type Recipient } from './plan-letters.ts';

const a: Recipient = { idType: 'CPR', id: '0101904321' };
const b: Recipient = { idType: 'CVR', id: '29189846' };

describe('planLetters', () => {
  it('starts a letter where the first identifier changes; pages without one stay with the letter before', () => {
    expect(planLetters([[], [a], [], [a, b], [b], [b, a], []], { by: 'identifier' })).toEqual({
      letters: [
        { recipient: a, pages: [2, 3, 4] },
        { recipient: b, pages: [5, 6, 7] },
      ],
      unassignedPages: [1],
    });
  });

  it('starts a new letter when the same recipient comes back after another', () => {
    expect(planLetters([[a], [b], [a]], { by: 'identifier' }).letters.map((l) => l.pages)).toEqual([[1], [2], [3]]);
  });

  it('cuts every N pages, naming the first identifier in each letter if any', () => {
    expect(planLetters([[], [a], [], [], [b]], { by: 'pages', pagesPerLetter: 2 })).toEqual({
      letters: [{ recipient: a, pages: [1, 2] }, { pages: [3, 4] }, { recipient: b, pages: [5] }],
      unassignedPages: [],
    });
  });

  it('refuses a page count that is not a whole number ≥ 1, naming the option', () => {
    expect(() => planLetters([[a]], { by: 'pages', pagesPerLetter: 0 })).toThrow(/"pagesPerLetter"/);
    expect(() => planLetters([[a]], { by: 'pages', pagesPerLetter: 1.5 })).toThrow(/"pagesPerLetter"/);
  });
});
