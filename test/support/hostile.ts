/**
 * Hostile inputs shared by the core, CLI and server tests.
 */

/**
 * Issue 16 item 5: each file alone was fine, but the folder aborted the process with a V8 fatal
 * error ("RegExpCompiler Allocation failed"): after the template had the `yaml` parser run its
 * regular expressions, parsing the 20,000-deep flow sequence made V8 compile one of them with no
 * stack left. Written in this order (the template first).
 */
export const REGEXP_ABORT_PAIR: Record<string, string> = {
  'helm.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Values.name }}
spec:
  ports:
  {{- range .Values.ports }}
  - port: {{ . }}
  {{- end }}
`,
  'deepflow.yaml': '['.repeat(20_000) + ']'.repeat(20_000) + '\n',
};
