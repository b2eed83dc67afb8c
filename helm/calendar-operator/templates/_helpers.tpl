{{/* Names and labels shared by every object of the release. */}}

{{- define "calendar-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "calendar-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "calendar-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "calendar-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: calendar-operator
{{- end }}

{{- define "calendar-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "calendar-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "calendar-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "calendar-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "calendar-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "calendar-operator.instanceImage" -}}
{{- printf "%s:%s" .Values.instance.image.repository (default .Chart.AppVersion .Values.instance.image.tag) }}
{{- end }}

{{- define "calendar-operator.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace }}
{{- end }}

{{/* Labels the operator puts on every instance pod it runs. */}}
{{- define "calendar-operator.instancePodLabels" -}}
app.kubernetes.io/name: calendar-instance
app.kubernetes.io/managed-by: calendar-operator
{{- end }}

{{/* Namespaces that hold instance pods, as far as the chart can know. */}}
{{- define "calendar-operator.instanceNamespaces" -}}
{{- $namespaces := .Values.networkPolicy.namespaces | default .Values.watchNamespaces | default (list .Release.Namespace) }}
{{- toJson (uniq $namespaces) }}
{{- end }}

{{/* Redis, bundled or external. */}}

{{- define "calendar-operator.redisName" -}}
{{- printf "%s-redis" (include "calendar-operator.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "calendar-operator.redisUrl" -}}
{{- if .Values.redis.enabled }}
{{- printf "redis://%s.%s.svc.%s:6379" (include "calendar-operator.redisName" .) .Release.Namespace .Values.clusterDomain }}
{{- else }}
{{- .Values.redis.url }}
{{- end }}
{{- end }}

{{/* Name of the Secret with the Redis admin password; empty when there is none. */}}
{{- define "calendar-operator.redisSecretName" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- .Values.redis.auth.existingSecret }}
{{- else if .Values.redis.enabled }}
{{- include "calendar-operator.redisName" . }}
{{- end }}
{{- end }}

{{- define "calendar-operator.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "calendar-operator.name" . }}-redis
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "calendar-operator.restrictedContainerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
{{- end }}
