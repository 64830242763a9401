{{/*
Names and labels of every sharesnap resource. Kubernetes names are limited to 63 characters (DNS labels),
hence the trunc and the trimmed trailing dash.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "sharesnap.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name prefix of every resource: fullnameOverride, else "<release>-<chart>", or just the release name
when it already contains the chart name (release "sharesnap" gives "sharesnap", not "sharesnap-sharesnap").
*/}}
{{- define "sharesnap.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "sharesnap.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "<chart>-<version>" for the helm.sh/chart label ("+" is not allowed in label values). */}}
{{- define "sharesnap.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the pods; they never change during a release's life (selectors are immutable). */}}
{{- define "sharesnap.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sharesnap.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "sharesnap.labels" -}}
helm.sh/chart: {{ include "sharesnap.chart" . }}
{{ include "sharesnap.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: api
app.kubernetes.io/part-of: sharesnap
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The ServiceAccount the pods run as. */}}
{{- define "sharesnap.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sharesnap.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "repository:tag", the tag defaulting to the chart's appVersion. */}}
{{- define "sharesnap.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* "?k=v&k2=v2" from database.parameters (sorted keys, so the rendering is stable), or nothing. */}}
{{- define "sharesnap.databaseQuery" -}}
{{- $params := list }}
{{- range $key, $value := .Values.database.parameters }}
{{- $params = append $params (printf "%s=%v" $key $value) }}
{{- end }}
{{- if $params }}?{{ join "&" $params }}{{ end }}
{{- end }}

{{/*
The database the service uses: the in-chart PostgreSQL when postgresql.enabled (its Service, database,
user and password Secret), else the external one of database.*. Port and parameters are database.*'s.
*/}}
{{- define "sharesnap.postgresqlName" -}}
{{- printf "%s-postgresql" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sharesnap.databaseHost" -}}
{{- if .Values.postgresql.enabled }}{{ include "sharesnap.postgresqlName" . }}{{ else }}{{ .Values.database.host }}{{ end }}
{{- end }}

{{- define "sharesnap.databaseName" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.database }}{{ else }}{{ .Values.database.name }}{{ end }}
{{- end }}

{{- define "sharesnap.databaseUser" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.username }}{{ else }}{{ .Values.database.user }}{{ end }}
{{- end }}

{{- define "sharesnap.passwordSecretName" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.existingSecret | default (include "sharesnap.postgresqlName" .) }}{{ else }}{{ .Values.database.passwordSecret.name }}{{ end }}
{{- end }}

{{- define "sharesnap.passwordSecretKey" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.secretKey }}{{ else }}{{ .Values.database.passwordSecret.key }}{{ end }}
{{- end }}

{{/* "host:port/name" plus parameters, shared by the reactive and the JDBC URL. */}}
{{- define "sharesnap.databaseAddress" -}}
{{- printf "%s:%v/%s" (include "sharesnap.databaseHost" .) .Values.database.port (include "sharesnap.databaseName" .) }}{{ include "sharesnap.databaseQuery" . }}
{{- end }}

{{/*
What Flyway needs, in the service's pods and in the migration Job alike: the JDBC URL, the user and the
password from its Secret.
*/}}
{{- define "sharesnap.jdbcEnv" -}}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ printf "jdbc:postgresql://%s" (include "sharesnap.databaseAddress" .) | quote }}
- name: SHARESNAP_DB_USER
  value: {{ include "sharesnap.databaseUser" . | quote }}
- name: SHARESNAP_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "sharesnap.passwordSecretName" . }}
      key: {{ include "sharesnap.passwordSecretKey" . }}
{{- end }}

{{/*
"true" when a hook Job migrates the schema before each install and upgrade, and pods only check it.
The in-chart PostgreSQL is created with the release, after pre-install hooks have run, so with it the
pods migrate at start whatever migration.mode says.
*/}}
{{- define "sharesnap.migrationJob" -}}
{{- if and (eq .Values.migration.mode "job") (not .Values.postgresql.enabled) }}true{{ end }}
{{- end }}

{{/* The claim holding the NFS export root: an existing one, or the one this chart creates. */}}
{{- define "sharesnap.nfsClaimName" -}}
{{- .Values.nfs.volume.persistentVolumeClaim.existingClaim | default (printf "%s-nfs" (include "sharesnap.fullname" .)) }}
{{- end }}

{{/* Where extra settings and the policy file appear in the container. */}}
{{- define "sharesnap.configDir" -}}
/etc/sharesnap
{{- end }}

{{/*
One application.properties value. YAML numbers reach templates as floats, and large whole numbers would
print as 1e+06, so whole numbers are printed as integers.
*/}}
{{- define "sharesnap.propertyValue" -}}
{{- if and (kindIs "float64" .) (eq . (float64 (int64 .))) }}
{{- int64 . }}
{{- else }}
{{- . }}
{{- end }}
{{- end }}

{{/*
Labels of the migration Job and its pod: the release's, with their own name and component, so that
neither the Service nor the PDB (which select name and instance) ever count the Job's pod.
*/}}
{{- define "sharesnap.migrationLabels" -}}
helm.sh/chart: {{ include "sharesnap.chart" . }}
app.kubernetes.io/name: {{ printf "%s-migrate" (include "sharesnap.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: migration
app.kubernetes.io/part-of: sharesnap
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
