export { DeletionMarkers } from './deletion-markers.ts';
export { objectKeys, ownerHeaders, ownerMetadata, trainingExampleName } from './object-keys.ts';
export { type ListedObject, ObjectStore, type StoredObject, type VersionedObject } from './object-store.ts';
export { loadObjectStoreConfig, type ObjectStoreConfig } from './object-store-config.ts';
export {
  applyRetention,
  loadRetentionConfig,
  type RetentionConfig,
  retentionRules,
} from './retention.ts';
