{{/*
The Kubernetes API calls the operator makes, and nothing more. The single
source of the operator's permissions: the ClusterRole and the per-namespace
Roles both render these rules. HelmChartTest holds the same list and fails
when the two differ.
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
- apiGroups: [""]
  resources: ["secrets", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* Leader election: one Lease, in one namespace. */}}
{{- define "calendar-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update"]
{{- end }}
