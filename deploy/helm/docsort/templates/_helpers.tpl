{{/* Names and labels. */}}
{{- define "docsort.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "docsort.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one service: dict "root" $ "service" "extract". */}}
{{- define "docsort.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{- define "docsort.image" -}}
{{- printf "%s-%s:%s" .root.Values.image.repository .service (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{/* The keys a workload's credentials Secret must hold with these values. */}}
{{- define "docsort.credentialKeys" -}}
{{- $keys := list "s3-access-key" "s3-secret-key" -}}
{{- if .Values.kafka.sasl.mechanism -}}{{- $keys = concat $keys (list "kafka-sasl-username" "kafka-sasl-password") -}}{{- end -}}
{{- if .Values.schemaRegistry.username -}}{{- $keys = append $keys "schema-registry-password" -}}{{- end -}}
{{- join ", " $keys -}}
{{- end -}}

{{/*
The existing Secret a workload logs in with: its own, else the shared credentials.existingSecret when that is
set; neither fails the install, naming the value. dict "root" $ "workload" "ingest" "secret" <its
existingSecret> "setting" "services.ingest.existingSecret".
*/}}
{{- define "docsort.credentialsSecret" -}}
{{- $secret := default .root.Values.credentials.existingSecret .secret -}}
{{- if not $secret -}}
{{- fail (printf "%s is required (or credentials.existingSecret, shared by every workload): the name of an existing Secret for %s with the keys %s (its least-privilege S3 policy: files/s3-policies/%s.json). The chart ships no credentials." .setting .workload (include "docsort.credentialKeys" .root) .workload) -}}
{{- end -}}
{{- $secret -}}
{{- end -}}

{{- define "docsort.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "docsort.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Consumer group of a stage: the services' default prefix "docsort" plus the stage name. */}}
{{- define "docsort.consumerGroup" -}}
{{- printf "docsort-%s" . -}}
{{- end -}}

{{/*
The environment every container shares: where Kafka, the registry and S3 are, and how to log in (from the
workload's credentials Secret). dict "root" $ "workload" "ingest" "secret" <Secret name>.
*/}}
{{- define "docsort.env" -}}
{{- $secret := .secret -}}
{{- with .root -}}
- name: DOCSORT_KAFKA_BROKERS
  value: {{ .Values.kafka.brokers | quote }}
- name: DOCSORT_KAFKA_SSL
  value: {{ .Values.kafka.tls.enabled | quote }}
{{- if .Values.kafka.tls.caSecret }}
# Node adds this CA to the trusted ones for Kafka and HTTPS alike.
- name: NODE_EXTRA_CA_CERTS
  value: /etc/docsort/kafka-ca/ca.crt
{{- end }}
{{- if .Values.kafka.sasl.mechanism }}
- name: DOCSORT_KAFKA_SASL_MECHANISM
  value: {{ .Values.kafka.sasl.mechanism | quote }}
- name: DOCSORT_KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: kafka-sasl-username }
- name: DOCSORT_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: kafka-sasl-password }
{{- end }}
- name: DOCSORT_SCHEMA_REGISTRY_URL
  value: {{ .Values.schemaRegistry.url | quote }}
{{- if .Values.schemaRegistry.username }}
- name: DOCSORT_SCHEMA_REGISTRY_USERNAME
  value: {{ .Values.schemaRegistry.username | quote }}
- name: DOCSORT_SCHEMA_REGISTRY_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: schema-registry-password }
{{- end }}
- name: DOCSORT_S3_ENDPOINT
  value: {{ .Values.s3.endpoint | quote }}
- name: DOCSORT_S3_REGION
  value: {{ .Values.s3.region | quote }}
- name: DOCSORT_S3_BUCKET
  value: {{ .Values.s3.bucket | quote }}
- name: DOCSORT_S3_INBOX_BUCKET
  value: {{ .Values.s3.inboxBucket | quote }}
- name: DOCSORT_S3_NOTIFY_ARN
  value: {{ .Values.s3.notifyArn | quote }}
- name: DOCSORT_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: s3-access-key }
- name: DOCSORT_S3_SECRET_KEY
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: s3-secret-key }
- name: DOCSORT_TOPIC_PREFIX
  value: {{ .Values.topics.prefix | quote }}
- name: DOCSORT_TOPIC_PARTITIONS
  value: {{ .Values.topics.partitions | int64 | quote }}
- name: DOCSORT_TOPIC_REPLICATION_FACTOR
  value: {{ .Values.topics.replicationFactor | int64 | quote }}
- name: DOCSORT_INBOX_EVENTS_TOPIC
  value: {{ .Values.topics.inboxEventsTopic | quote }}
- name: DOCSORT_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: DOCSORT_LOG_FORMAT
  value: json
{{- end -}}
{{- end -}}

{{- define "docsort.volumeMounts" -}}
# The root filesystem is read-only: models, tsx's cache and temporary files go here.
- name: tmp
  mountPath: /tmp
{{- if .Values.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/docsort/kafka-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "docsort.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret }}
{{- end }}
{{- end -}}

{{/* The topic a consumer service reads, for KEDA. */}}
{{- define "docsort.inputTopic" -}}
{{- $prefix := .root.Values.topics.prefix -}}
{{- if eq .service "extract" -}}{{ printf "%s.incoming" $prefix }}
{{- else if eq .service "classify" -}}{{ printf "%s.extracted" $prefix }}
{{- else if eq .service "sink" -}}{{ printf "%s.classified" $prefix }}
{{- end -}}
{{- end -}}
