{{/* The retention settings (values.retention) as the setup Job's environment: `docsort setup` applies them. */}}
{{- define "docsort.retentionEnv" -}}
- name: DOCSORT_RETENTION_DOCUMENTS_DAYS
  value: {{ .Values.retention.documentsDays | quote }}
- name: DOCSORT_RETENTION_RESULTS_DAYS
  value: {{ .Values.retention.resultsDays | quote }}
- name: DOCSORT_TOPIC_RETENTION_MS
  value: {{ mul .Values.retention.topicsHours 3600000 | quote }}
- name: DOCSORT_DLQ_RETENTION_MS
  value: {{ mul .Values.retention.dlqHours 3600000 | quote }}
{{- end -}}
