// The review page: sign in, take the oldest document from the queue, show it, label it or skip it, next.
import { type KeyTarget, type ReviewAction, reviewActionFor } from './keyboard-shortcuts.ts';
import { matchingLabels } from './label-search.ts';
import { ApiError, ReviewApi, type ReviewItem } from './review-api.ts';

const keyStorage = 'docsort.review.apiKey';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const ui = {
  progress: element('progress'),
  signOut: element<HTMLButtonElement>('sign-out'),
  status: element('status'),
  login: element<HTMLFormElement>('login'),
  apiKey: element<HTMLInputElement>('api-key'),
  empty: element('empty'),
  checkAgain: element<HTMLButtonElement>('check-again'),
  review: element('review'),
  title: element('document-title'),
  facts: element('document-facts'),
  pager: element('pager'),
  previousPage: element<HTMLButtonElement>('previous-page'),
  nextPage: element<HTMLButtonElement>('next-page'),
  pageNumber: element('page-number'),
  pageImage: element<HTMLImageElement>('page-image'),
  text: element('document-text'),
  suggestions: element('suggestions'),
  search: element<HTMLInputElement>('label-search'),
  labelList: element('label-list'),
  confirm: element<HTMLButtonElement>('confirm'),
  chosenLabel: element('chosen-label'),
  skip: element<HTMLButtonElement>('skip'),
};

interface Shown {
  readonly item: ReviewItem;
  page: number;
  pageCount: number;
  /** Whether the document is shown as page images (PDFs, images) or as text. */
  pictured: boolean;
  chosen: string | undefined;
}

let api = new ReviewApi(sessionStorage.getItem(keyStorage));
let labels: readonly string[] = [];
let shown: Shown | undefined;
/** A label or skip is being sent and the next document claimed. */
let busy = false;

const percent = (score: number) => `${Math.round(score * 100)}%`;

/** Why the document is here, in a reviewer's words (ReviewItem.reviewReason). */
const reasonShown: Readonly<Record<string, string>> = {
  low_confidence: 'unsure between labels',
  unfamiliar: 'no label fits it well (maybe other)',
};

function say(message: string): void {
  ui.status.textContent = message;
}

function showOnly(section: 'login' | 'empty' | 'review' | 'none'): void {
  ui.login.hidden = section !== 'login';
  ui.empty.hidden = section !== 'empty';
  ui.review.hidden = section !== 'review';
  ui.signOut.hidden = section === 'login' || !api.apiKey;
}

/** Any answer 401: the key is wrong or gone; ask for one. Everything else is said as it is. */
function handleFailure(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    // No key yet: the form says enough. A key that stopped working (revoked, or changed) is said so.
    say(api.apiKey ? 'Your API key is no longer accepted: sign in again.' : '');
    sessionStorage.removeItem(keyStorage);
    api = new ReviewApi(null);
    showOnly('login');
    ui.apiKey.focus();
    return;
  }
  say(error instanceof Error ? error.message : String(error));
}

async function refreshProgress(): Promise<void> {
  const stats = await api.stats();
  // Left: everything not yet labelled, the documents others are looking at included.
  const left = stats.pending + stats.claimed;
  ui.progress.textContent = `${left} left`;
  ui.progress.title = `${stats.pending} waiting, ${stats.claimed} being reviewed, ${stats.reviewedLastHour} reviewed in the last hour`;
}

async function claimNext(): Promise<void> {
  const item = await api.claimNext();
  await refreshProgress();
  if (!item) {
    shown = undefined;
    showOnly('empty');
    ui.checkAgain.focus();
    return;
  }
  await show(item);
}

async function show(item: ReviewItem): Promise<void> {
  shown = { item, page: 1, pageCount: item.pageCount ?? 1, pictured: true, chosen: undefined };
  // The last document's page or text goes at once: it must never be taken for this one's while it loads.
  ui.pageImage.hidden = true;
  ui.text.hidden = true;
  ui.pager.hidden = true;
  ui.title.textContent = item.filename;
  const facts = [
    `suggested ${item.suggestedLabel} at ${percent(item.confidence)}`,
    reasonShown[item.reviewReason ?? ''],
    item.format,
    item.pageCount ? `${item.pageCount} page${item.pageCount === 1 ? '' : 's'}` : null,
    item.language,
    `queued ${new Date(item.queuedAt).toLocaleString()}`,
  ];
  ui.facts.textContent = facts.filter(Boolean).join(' · ');
  ui.suggestions.replaceChildren(
    ...item.topK.slice(0, 3).map((suggestion, rank) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'suggestion';
      button.dataset.label = suggestion.label;
      button.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-keyshortcuts', String(rank + 1));
      const key = document.createElement('kbd');
      key.textContent = String(rank + 1);
      const name = document.createElement('span');
      name.append(key, ' ', suggestion.label);
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = percent(suggestion.score);
      button.append(name, score);
      button.addEventListener('click', () => choose(suggestion.label));
      const entry = document.createElement('li');
      entry.append(button);
      return entry;
    }),
  );
  ui.search.value = '';
  renderLabelList();
  choose(undefined);
  showOnly('review');
  await showPage(1);
}

/** Page n as an image; a document without page images (DOCX, e-mail, text…) is shown as its text. */
async function showPage(n: number): Promise<void> {
  if (!shown) return;
  const { item } = shown;
  const page = shown.pictured ? await api.page(item.documentId, n) : undefined;
  if (shown?.item !== item) return;
  if (page) {
    shown.page = n;
    shown.pageCount = page.pageCount;
    const previous = ui.pageImage.src;
    ui.pageImage.src = URL.createObjectURL(page.image);
    if (previous.startsWith('blob:')) URL.revokeObjectURL(previous);
    // Shown once decoded: until then the old picture would stand under the new page number.
    await ui.pageImage.decode().catch(() => undefined);
    if (shown?.item !== item) return;
    ui.pageImage.alt = `Page ${n} of ${page.pageCount} of ${item.filename}`;
    ui.pageImage.hidden = false;
    ui.text.hidden = true;
    ui.pager.hidden = page.pageCount < 2;
    ui.pageNumber.textContent = `Page ${n} of ${page.pageCount}`;
    ui.previousPage.disabled = n <= 1;
    ui.nextPage.disabled = n >= page.pageCount;
    return;
  }
  shown.pictured = false;
  ui.text.textContent = await api.text(item.documentId);
  ui.text.hidden = false;
  ui.pageImage.hidden = true;
  ui.pager.hidden = true;
}

async function turnPage(step: -1 | 1): Promise<void> {
  if (!shown?.pictured) return;
  const target = shown.page + step;
  if (target < 1 || target > shown.pageCount) return;
  await showPage(target);
}

function renderLabelList(): void {
  const matches = matchingLabels(labels, ui.search.value);
  ui.labelList.replaceChildren(
    ...matches.map((label) => {
      const option = document.createElement('label');
      option.className = 'label-option';
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'label';
      radio.value = label;
      radio.checked = label === shown?.chosen;
      radio.addEventListener('change', () => choose(label));
      option.append(radio, label);
      return option;
    }),
  );
  if (!matches.length) ui.labelList.textContent = 'No label matches.';
}

function choose(label: string | undefined): void {
  if (shown) shown.chosen = label;
  ui.chosenLabel.textContent = label ?? '(pick a label)';
  ui.confirm.disabled = !label;
  for (const button of ui.suggestions.querySelectorAll<HTMLButtonElement>('button')) {
    button.setAttribute('aria-pressed', String(button.dataset.label === label));
  }
  for (const radio of ui.labelList.querySelectorAll<HTMLInputElement>('input[type="radio"]')) {
    radio.checked = radio.value === label;
  }
}

/** Typing in the search box chooses its best match, so that Enter confirms it. */
function searchLabels(): void {
  renderLabelList();
  if (ui.search.value.trim()) choose(matchingLabels(labels, ui.search.value)[0]);
}

function moveChoice(step: -1 | 1): void {
  const matches = matchingLabels(labels, ui.search.value);
  if (!matches.length) return;
  const at = shown?.chosen ? matches.indexOf(shown.chosen) : -1;
  choose(matches[Math.min(Math.max(at + step, 0), matches.length - 1)]);
}

/** Why a label or skip was refused (409), said so that the reviewer knows nothing was saved. */
function refusal(item: ReviewItem, error: ApiError): string {
  const what =
    error.code === 'already_reviewed'
      ? `${item.filename} was reviewed by someone else meanwhile`
      : `Your claim on ${item.filename} ran out and another reviewer took it`;
  return `${what}: your choice was not saved. Here is the next document.`;
}

/**
 * Sends what was decided and takes the next document; a refusal (the lease was lost) is said, and the next
 * one taken. Keys pressed meanwhile do nothing: they must not act on the document just sent.
 */
async function decide(send: (item: ReviewItem) => Promise<void>, done: (item: ReviewItem) => string) {
  if (!shown || busy) return;
  const { item } = shown;
  busy = true;
  try {
    try {
      await send(item);
      say(done(item));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      say(refusal(item, error));
    }
    shown = undefined;
    ui.search.blur();
    await claimNext();
  } finally {
    busy = false;
  }
}

async function confirm(): Promise<void> {
  const label = shown?.chosen;
  if (!label) {
    say('Pick a label first: 1, 2 or 3 for a suggestion, or / to search all labels.');
    return;
  }
  await decide(
    (item) => api.label(item.documentId, label),
    (item) => `Labelled ${item.filename} as ${label}.`,
  );
}

async function skip(): Promise<void> {
  await decide(
    (item) => api.skip(item.documentId),
    (item) => `Skipped ${item.filename}: it goes back to the queue for someone else.`,
  );
}

async function act(action: ReviewAction): Promise<void> {
  switch (action.kind) {
    case 'pick-suggestion': {
      const suggestion = shown?.item.topK[action.rank];
      if (suggestion) choose(suggestion.label);
      return;
    }
    case 'turn-page':
      return turnPage(action.step);
    case 'move-choice':
      return moveChoice(action.step);
    case 'confirm':
      return confirm();
    case 'skip':
      return skip();
    case 'search':
      ui.search.focus();
      ui.search.select();
      return;
    case 'leave-search':
      ui.search.blur();
      return;
  }
}

function keyTarget(target: EventTarget | null): KeyTarget {
  if (target === ui.search) return 'search';
  if (target instanceof HTMLInputElement) return target.type === 'radio' ? 'radio' : 'text-field';
  if (target instanceof HTMLTextAreaElement) return 'text-field';
  if (target instanceof HTMLButtonElement) return 'button';
  return 'page';
}

document.addEventListener('keydown', (event) => {
  // Only while a document is shown: the sign-in form and the empty queue keep their keys.
  if (ui.review.hidden) return;
  const action = reviewActionFor({
    key: event.key,
    target: keyTarget(event.target),
    withModifier: event.ctrlKey || event.altKey || event.metaKey,
  });
  if (!action) return;
  event.preventDefault();
  act(action).catch(handleFailure);
});

const run = (task: () => Promise<void>) => () => {
  say('');
  task().catch(handleFailure);
};
ui.previousPage.addEventListener(
  'click',
  run(() => turnPage(-1)),
);
ui.nextPage.addEventListener(
  'click',
  run(() => turnPage(1)),
);
ui.confirm.addEventListener('click', run(confirm));
ui.skip.addEventListener('click', run(skip));
ui.checkAgain.addEventListener('click', run(claimNext));
ui.search.addEventListener('input', searchLabels);
ui.signOut.addEventListener('click', () => {
  sessionStorage.removeItem(keyStorage);
  api = new ReviewApi(null);
  shown = undefined;
  ui.progress.textContent = '';
  showOnly('login');
  say('Signed out. Your claimed document returns to the queue when its lease runs out.');
});
ui.login.addEventListener('submit', (event) => {
  event.preventDefault();
  const candidate = new ReviewApi(ui.apiKey.value.trim());
  candidate
    .stats()
    .then(async () => {
      api = candidate;
      sessionStorage.setItem(keyStorage, ui.apiKey.value.trim());
      ui.apiKey.value = '';
      say('');
      await claimNext();
    })
    .catch((error: unknown) => {
      say(
        error instanceof ApiError && error.status === 401 ? 'That API key was not accepted.' : String(error),
      );
    });
});

/** Without a stored key the API may need none (the local default); it says 401 when it does. */
async function start(): Promise<void> {
  showOnly('none');
  labels = ((await (await fetch('labels.json')).json()) as { labels: string[] }).labels;
  await claimNext();
}

start().catch(handleFailure);
