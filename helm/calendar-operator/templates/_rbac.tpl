{{/*
The Kubernetes API calls the operator makes, and nothing more. The single
source of the operator's permissions: the ClusterRole and the per-namespace
Roles both render these rules. The operator's KubernetesApiUsageTest reads
them here and fails when the operator calls anything they do not grant;
the chart's tests render them and compare with OperatorPermissions.
*/}}
{{- define "calendar-operator.rules" -}}
- apiGroups: ["calendar.cps.dev"]
  resources: ["calendarinstances"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["calendar.cps.dev"]
  resources: ["calendarinstances/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["calendar.cps.dev"]
  resources: ["calendarinstances/finalizers"]
  verbs: ["update"]
{{- /* no delete: owner references let Kubernetes collect the children; patch is server-side apply's verb.
The route is the exception: switching a calendar's route kind deletes the old one. */}}
- apiGroups: [""]
  resources: ["secrets", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- if .Values.route.gateway.name }}
{{- /* HTTPRoutes are on when a Gateway is configured (GATEWAY_NAME); otherwise the operator never touches them */}}
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* Leader election: one Lease, in one namespace. */}}
{{- define "calendar-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- end }}
