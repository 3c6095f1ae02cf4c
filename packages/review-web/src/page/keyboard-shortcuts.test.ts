import { describe, expect, it } from 'vitest';
import { type KeyTarget, reviewActionFor } from './keyboard-shortcuts.ts';

const press = (key: string, target: KeyTarget = 'page', withModifier = false) =>
  reviewActionFor({ key, target, withModifier });

describe('the review page’s keys', () => {
  it('picks the top three with 1, 2 and 3, turns pages with the arrows, confirms, skips and searches', () => {
    expect(['1', '2', '3'].map((key) => press(key))).toEqual([
      { kind: 'pick-suggestion', rank: 0 },
      { kind: 'pick-suggestion', rank: 1 },
      { kind: 'pick-suggestion', rank: 2 },
    ]);
    expect(press('ArrowLeft')).toEqual({ kind: 'turn-page', step: -1 });
    expect(press('ArrowRight')).toEqual({ kind: 'turn-page', step: 1 });
    expect(press('PageDown')).toEqual({ kind: 'turn-page', step: 1 });
    expect(press('Enter')).toEqual({ kind: 'confirm' });
    expect(press('s')).toEqual({ kind: 'skip' });
    expect(press('S')).toEqual({ kind: 'skip' });
    expect(press('/')).toEqual({ kind: 'search' });
    expect(press('4')).toBeUndefined();
  });

  it('lets the search box type, except Enter, Escape and moving through the matches', () => {
    for (const key of ['s', '1', '/', 'ArrowLeft', 'ArrowRight'])
      expect(press(key, 'search')).toBeUndefined();
    expect(press('Enter', 'search')).toEqual({ kind: 'confirm' });
    expect(press('Escape', 'search')).toEqual({ kind: 'leave-search' });
    expect(press('ArrowDown', 'search')).toEqual({ kind: 'move-choice', step: 1 });
    expect(press('ArrowUp', 'search')).toEqual({ kind: 'move-choice', step: -1 });
  });

  it('leaves a focused button its Enter, radio buttons their arrows, and modified keys to the browser', () => {
    expect(press('Enter', 'button')).toBeUndefined();
    expect(press('s', 'button')).toEqual({ kind: 'skip' });
    expect(press('ArrowRight', 'radio')).toBeUndefined();
    expect(press('Enter', 'radio')).toEqual({ kind: 'confirm' });
    expect(press('s', 'text-field')).toBeUndefined();
    expect(press('1', 'page', true)).toBeUndefined();
  });
});
