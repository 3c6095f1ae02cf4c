/**
 * The values of DocumentClassified.reviewReason (a string in the schema, so that a reason can be added
 * without breaking a consumer's enum): why a document was sent to a person.
 * - `low_confidence`: its confidence is below its label's review threshold;
 * - `unfamiliar`: too little evidence for any label, however confident (out of taxonomy, or unreadable).
 */
export const reviewReasons = ['low_confidence', 'unfamiliar'] as const;

export type ReviewReason = (typeof reviewReasons)[number];
