export { objectKeys, trainingExampleName } from './object-keys.ts';
export { ObjectStore, type StoredObject } from './object-store.ts';
export { loadObjectStoreConfig, type ObjectStoreConfig } from './object-store-config.ts';
