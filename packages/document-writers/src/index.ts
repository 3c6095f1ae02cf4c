export * from './document-writers.ts';
export { type CaptureLook, capturePage, flatbedScanLook, phonePhotoLook } from './page-capture.ts';
