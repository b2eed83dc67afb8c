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
{{- /* no delete of Secrets: owner references let Kubernetes collect the children; patch is server-side apply's verb.
Deleted are: the old route when a calendar switches its route kind; a calendar's own Deployment and Service
once its pool serves it (placement: Shared); a pool's Deployment when its last calendar leaves it by an edit. */}}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
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
