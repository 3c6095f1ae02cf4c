export { type DocumentViewOptions, registerDocumentViewRoutes } from './document-view-routes.ts';
export { registerReviewPage } from './review-page.ts';
