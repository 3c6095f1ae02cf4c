/** What a key does on the review page. */
export type ReviewAction =
  | { readonly kind: 'pick-suggestion'; readonly rank: number }
  | { readonly kind: 'turn-page'; readonly step: -1 | 1 }
  | { readonly kind: 'move-choice'; readonly step: -1 | 1 }
  | { readonly kind: 'confirm' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'search' }
  | { readonly kind: 'leave-search' };

/** Where the key was pressed: it decides which keys are the page's and which the control's own. */
export type KeyTarget = 'search' | 'text-field' | 'button' | 'radio' | 'page';

export interface KeyPress {
  readonly key: string;
  readonly target: KeyTarget;
  /** Ctrl, Alt or Meta held: the browser's and the system's shortcuts, never the page's. */
  readonly withModifier: boolean;
}

/**
 * The page's keyboard shortcuts: 1/2/3 pick the model's suggestions, arrows turn pages, Enter confirms,
 * S skips, / searches the labels. In the search box the keys type, except Enter (confirm the chosen match),
 * up and down (move through the matches) and Escape. A focused button keeps Enter and Space, and radio
 * buttons their arrows, as browsers and screen readers expect.
 */
export function reviewActionFor(press: KeyPress): ReviewAction | undefined {
  const { key, target } = press;
  if (press.withModifier || target === 'text-field') return undefined;
  if (target === 'search') {
    if (key === 'Enter') return { kind: 'confirm' };
    if (key === 'Escape') return { kind: 'leave-search' };
    if (key === 'ArrowDown') return { kind: 'move-choice', step: 1 };
    if (key === 'ArrowUp') return { kind: 'move-choice', step: -1 };
    return undefined;
  }
  if (key === 'Enter') return target === 'button' ? undefined : { kind: 'confirm' };
  if (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown') {
    if (target === 'radio') return undefined;
    if (key === 'ArrowLeft') return { kind: 'turn-page', step: -1 };
    if (key === 'ArrowRight') return { kind: 'turn-page', step: 1 };
    return undefined;
  }
  if (key === 'PageUp') return { kind: 'turn-page', step: -1 };
  if (key === 'PageDown') return { kind: 'turn-page', step: 1 };
  if (key === '1' || key === '2' || key === '3') return { kind: 'pick-suggestion', rank: Number(key) - 1 };
  if (key === 's' || key === 'S') return { kind: 'skip' };
  if (key === '/') return { kind: 'search' };
  return undefined;
}
