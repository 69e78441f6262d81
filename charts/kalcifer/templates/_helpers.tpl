{{/* Names ------------------------------------------------------------------------------- */}}
{{- define "kalcifer.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kalcifer.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains (include "kalcifer.name" .) .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "kalcifer.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kalcifer.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels: call with (dict "root" $ "component" "orchestrator") */}}
{{- define "kalcifer.labels" -}}
helm.sh/chart: {{ include "kalcifer.chart" .root }}
{{ include "kalcifer.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: kalcifer
{{- end -}}

{{- define "kalcifer.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kalcifer.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "kalcifer.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kalcifer.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "kalcifer.secretName" -}}
{{- default (printf "%s-env" (include "kalcifer.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{/*
What the chart wires itself, per service (not values: the pods must agree on them).
  http: the gateway's REST port (it serves /healthz, /readyz, /metrics there too)
  public-grpc: the gateway's public gRPC API (PUBLIC_GRPC_PORT; packages/sdk)
  health: the port of /healthz, /readyz, /metrics for the others
  grpc: the port of the service's gRPC server, and the env keys that bind it / reach it
*/}}
{{- define "kalcifer.serviceFacts" -}}
api-gateway:
  probePort: http
  ports: { http: 8080, public-grpc: 50061 }
  stateless: true
orchestrator:
  probePort: health
  ports: { health: 9100, grpc: 50051 }
  grpcBindKey: GRPC_ADDRESS
  grpcUrlKey: ORCHESTRATOR_GRPC_URL
  stateless: true
scheduler:
  probePort: health
  ports: { health: 9100 }
  stateless: true
channels:
  probePort: health
  ports: { health: 9100, grpc: 50053 }
  grpcBindKey: CHANNELS_GRPC_ADDRESS
  grpcUrlKey: CHANNELS_GRPC_URL
  stateless: true
ai-designer:
  probePort: health
  ports: { health: 9100, grpc: 50054 }
  grpcBindKey: AI_DESIGNER_GRPC_ADDRESS
  grpcUrlKey: AI_DESIGNER_GRPC_URL
  stateless: true
analytics:
  probePort: health
  ports: { health: 9100, grpc: 50055 }
  grpcBindKey: ANALYTICS_GRPC_ADDRESS
  grpcUrlKey: ANALYTICS_GRPC_URL
  stateless: true
{{- end -}}

{{- define "kalcifer.image" -}}
{{- $image := .image -}}
{{- $tag := default .root.Values.image.tag $image.tag | default .root.Chart.AppVersion -}}
{{- $registry := .root.Values.image.registry -}}
{{- if $registry -}}{{ printf "%s/%s:%s" $registry $image.repository $tag }}{{- else -}}{{ printf "%s:%s" $image.repository $tag }}{{- end -}}
{{- end -}}

{{/* Connection URLs: the built-in dependency's, or the bring-your-own one. ---------------- */}}
{{- define "kalcifer.natsUrl" -}}
{{- if .Values.nats.enabled -}}
{{- $full := include "kalcifer.fullname" . -}}
{{- $urls := list -}}
{{- range $i := until (int .Values.nats.replicas) -}}
{{- $urls = append $urls (printf "nats://%s-nats-%d.%s-nats-headless:4222" $full $i $full) -}}
{{- end -}}
{{- join "," $urls -}}
{{- else -}}
{{- .Values.externalNats.url -}}
{{- end -}}
{{- end -}}

{{- define "kalcifer.mongodbUrl" -}}
{{- if .Values.mongodb.enabled -}}
{{- $full := include "kalcifer.fullname" . -}}
{{- $hosts := list -}}
{{- range $i := until (int .Values.mongodb.replicas) -}}
{{- $hosts = append $hosts (printf "%s-mongodb-%d.%s-mongodb-headless:27017" $full $i $full) -}}
{{- end -}}
{{- printf "mongodb://%s/kalcifer?replicaSet=%s" (join "," $hosts) .Values.mongodb.replicaSetName -}}
{{- else -}}
{{- .Values.externalMongodb.url -}}
{{- end -}}
{{- end -}}

{{- define "kalcifer.redisUrl" -}}
{{- if .Values.redis.enabled -}}
{{- printf "redis://%s-redis:6379" (include "kalcifer.fullname" .) -}}
{{- else -}}
{{- .Values.externalRedis.url -}}
{{- end -}}
{{- end -}}

{{- define "kalcifer.smtpUrl" -}}
{{- if .Values.mailpit.enabled -}}
{{- printf "smtp://%s-mailpit:1025" (include "kalcifer.fullname" .) -}}
{{- else -}}
{{- .Values.smtp.url -}}
{{- end -}}
{{- end -}}

{{/* Pod and container security: non-root, read-only root filesystem, no privileges. */}}
{{- define "kalcifer.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "kalcifer.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}
