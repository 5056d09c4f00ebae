import { isDns1123Label, isIanaServiceName } from '../model/ports';
import { isService, isWorkload, type Scalar, spanOf } from '../model/types';
import type { Rule, RuleContext } from './rule';

/** Why `s` is not an IANA service name (container port names, string targetPorts). */
export function ianaNameProblem(s: string): string {
  if (s.length > 15) return `it has ${s.length} characters, at most 15 are allowed`;
  if (/[A-Z]/.test(s)) return 'it has uppercase letters (only a-z, 0-9 and "-" are allowed)';
  if (!/^[a-z0-9-]*$/.test(s)) return 'only a-z, 0-9 and "-" are allowed';
  if (!/[a-z]/.test(s)) return 'it needs at least one letter';
  if (s.startsWith('-') || s.endsWith('-')) return 'it may not start or end with "-"';
  if (s.includes('--')) return 'it may not contain "--"';
  return 'it is not a valid IANA service name';
}

function dnsLabelProblem(s: string): string {
  if (s.length > 63) return `it has ${s.length} characters, at most 63 are allowed`;
  if (/[A-Z]/.test(s)) return 'it has uppercase letters (only a-z, 0-9 and "-" are allowed)';
  if (!/^[a-z0-9-]*$/.test(s)) return 'only a-z, 0-9 and "-" are allowed';
  return 'it must start and end with a letter or digit';
}

/** `${PORT}`, `{{ .port }}`, `$(PORT)`, `PORT`, `MY_PORT`: template variables left in the text. */
export function looksLikePlaceholder(s: string): boolean {
  return /\$\{|\{\{|\$\(/.test(s) || /^[A-Z][A-Z0-9_]*$/.test(s);
}

/** A suggestion close to `s` that is valid, or undefined. */
function suggestion(s: string, max: number): string | undefined {
  let t = s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (t.length > max) return undefined;
  return t && t !== s && /[a-z]/.test(t) ? t : undefined;
}

function checkName(ctx: RuleContext, v: Scalar | undefined, what: string, kind: 'iana' | 'dns'): void {
  if (!v || v.value === null || v.value === '') return;
  if (typeof v.value !== 'string') {
    ctx.report({ span: spanOf(v), message: `${what} must be a name (a string), not ${JSON.stringify(v.value)}; kubectl rejects it. Use a name such as "http".` });
    return;
  }
  const s = v.value;
  if (kind === 'iana' ? isIanaServiceName(s) : isDns1123Label(s)) return;
  if (looksLikePlaceholder(s)) {
    ctx.report({ span: spanOf(v), message: `${what} "${s}" looks like a placeholder that was never replaced: as written it is not a valid name and the API server rejects it. Substitute the real value before applying.` });
    return;
  }
  const fix = suggestion(s, kind === 'iana' ? 15 : 63);
  const rules =
    kind === 'iana'
      ? 'an IANA service name: at most 15 characters, a-z, 0-9 and "-", at least one letter, no leading, trailing or double "-"'
      : 'a DNS-1123 label: at most 63 characters, a-z, 0-9 and "-", starting and ending with a letter or digit';
  ctx.report({
    span: spanOf(v),
    message: `${what} "${s}" is invalid: ${kind === 'iana' ? ianaNameProblem(s) : dnsLabelProblem(s)}. It must be ${rules}; the API server rejects the object.${fix ? ` For example "${fix}".` : s.length > (kind === 'iana' ? 15 : 63) ? ' Shorten it (and any targetPort or probe that uses it).' : ''}`,
  });
}

/**
 * Port names the API server rejects: Service port names must be DNS-1123 labels; container port
 * names and string targetPorts must be IANA service names (so a quoted number is not a name).
 */
export const invalidPortName: Rule = {
  id: 'invalid-port-name',
  defaultSeverity: 'error',
  description: 'A Service port name that is not a DNS-1123 label, or a container port name or string targetPort that is not an IANA service name.',
  check(o, ctx) {
    if (isService(o)) {
      for (const p of o.ports) {
        checkName(ctx, p.name, 'Service port name', 'dns');
        const t = p.targetPort;
        if (t && typeof t.value === 'string' && t.value !== '' && !isIanaServiceName(t.value)) {
          if (/^\s*\d+\s*$/.test(t.value)) {
            const n = Number(t.value);
            ctx.report({
              span: spanOf(t),
              message: `targetPort "${t.value}" is a string, so Kubernetes reads it as a port name, and a name needs a letter: the API server rejects it. Write it as a number without quotes: targetPort: ${n}.`,
            });
          } else checkName(ctx, t, 'targetPort (a container port name)', 'iana');
        }
      }
    } else if (isWorkload(o)) {
      for (const c of o.template?.containers ?? []) {
        for (const p of c.ports) checkName(ctx, p.name, 'Container port name', 'iana');
      }
    }
  },
};
