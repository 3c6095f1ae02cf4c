export { objectKeys, ownerHeaders, ownerMetadata, trainingExampleName } from './object-keys.ts';
export { ObjectStore, type StoredObject, type VersionedObject } from './object-store.ts';
export { loadObjectStoreConfig, type ObjectStoreConfig } from './object-store-config.ts';
