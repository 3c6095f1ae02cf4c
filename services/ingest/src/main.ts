// Skeleton: wired up by a later issue. It exits non-zero so that nothing mistakes it for a running service.
console.error('docsort ingest service: not implemented yet');
process.exitCode = 1;
