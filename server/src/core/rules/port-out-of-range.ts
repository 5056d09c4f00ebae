import { isService, isWorkload, type PortValue, type Span, spanOf } from '../model/types';
import type { Rule, RuleContext } from './rule';

/**
 * Checks one numeric port field. `zeroMeansUnset`: 0 (and absent) are fine (nodePort, hostPort,
 * targetPort). `required`: absent is an error (`port`, `containerPort`).
 */
function checkPort(ctx: RuleContext, v: PortValue | undefined, field: string, opts: { zeroMeansUnset: boolean; required?: Span; allowName?: boolean }): void {
  const raw = v?.value;
  if (v === undefined || raw === null || raw === undefined) {
    if (opts.required) ctx.report({ span: opts.required, message: `${field} is missing: it is required, a number 1–65535.` });
    return;
  }
  if (typeof raw === 'number') {
    if (raw === 0 && opts.zeroMeansUnset) return;
    if (Number.isInteger(raw) && raw >= 1 && raw <= 65535) return;
    const why = Number.isInteger(raw) ? `${raw} is outside 1–65535` : `${raw} is not a whole number`;
    ctx.report({ span: spanOf(v), message: `${field} ${why}: ports go from 1 to 65535, so the API server rejects it. Check for a typo.` });
    return;
  }
  if (typeof raw === 'string') {
    if (opts.allowName) return; // a name: invalid-port-name checks it
    const digits = /^\s*\d+\s*$/.test(raw);
    ctx.report({
      span: spanOf(v),
      message: digits
        ? `${field} "${raw}" is a string, but ${field} must be a number 1–65535: write it without quotes (${field}: ${Number(raw)}).`
        : `${field} "${raw}" must be a number 1–65535${/^[A-Z_$]|[{$]/.test(raw) ? ' (is it a placeholder left unreplaced?)' : ''}; the API server rejects it.`,
    });
    return;
  }
  ctx.report({ span: spanOf(v), message: `${field} ${JSON.stringify(raw)} must be a number 1–65535.` });
}

/** port, targetPort, containerPort, hostPort and nodePort must be numbers 1–65535 (0 = unset where allowed). */
export const portOutOfRange: Rule = {
  id: 'port-out-of-range',
  defaultSeverity: 'error',
  description: 'A port, targetPort, nodePort, containerPort or hostPort that is not a number from 1 to 65535.',
  check(o, ctx) {
    if (isService(o)) {
      // ExternalName Services may omit ports; each listed port still needs a valid `port`.
      for (const p of o.ports) {
        checkPort(ctx, p.port, 'port', { zeroMeansUnset: false, required: spanOf(p) });
        checkPort(ctx, p.targetPort, 'targetPort', { zeroMeansUnset: true, allowName: true });
        checkPort(ctx, p.nodePort, 'nodePort', { zeroMeansUnset: true });
      }
    } else if (isWorkload(o)) {
      for (const c of o.template?.containers ?? []) {
        for (const p of c.ports) {
          checkPort(ctx, p.containerPort, 'containerPort', { zeroMeansUnset: false, required: spanOf(p) });
          checkPort(ctx, p.hostPort, 'hostPort', { zeroMeansUnset: true });
        }
      }
    }
  },
};
