export {
  type AnnouncementWatchOptions,
  type StartedAnnouncementWatch,
  watchModelAnnouncements,
} from './announcement-watch.ts';
export { connectModelRegistry } from './connect-model-registry.ts';
export { modelAnnouncer } from './model-announcer.ts';
export { ModelRegistry, type ModelRegistryOptions, ModelUnavailableError } from './model-registry.ts';
export {
  modelPublishedRecord,
  type PublishableManifest,
  readModelDirectory,
  requiredModelFiles,
} from './published-model.ts';
