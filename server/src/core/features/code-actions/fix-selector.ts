/**
 * service-selects-nothing: change the selector to the labels of a near-miss pod template (one
 * pair off, same namespace); or a note when a template of another namespace matches.
 */
import { formatLabels, missingPairs, selectorMatches } from '../../model/labels';
import type { TextEdit } from '../../edits/text-edit';
import { type LabelEntry, type Workload, spanOf, valueSpanOf } from '../../model/types';
import { describe, diagnosticsIn, servicesAt } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

export function fixSelector(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const s of servicesAt(ctx)) {
    const selector = s.selector;
    if (!selector || selector.entries.length === 0) continue;
    const fixes = diagnosticsIn(ctx, ['service-selects-nothing'], spanOf(selector));
    if (fixes.length === 0) continue;
    const ed = ctx.editor(s);
    if (!ed) continue;
    const seen = new Set<Workload>();
    const titles = new Set<string>();
    for (const e of selector.entries) {
      for (const w of ctx.index.workloadsWithLabel(e.key, e.value)) {
        if (seen.has(w) || seen.size >= 20) continue;
        seen.add(w);
        const labels = w.template?.labels;
        if (w.namespace !== s.namespace) {
          if (selectorMatches(selector, labels)) {
            const title = `${describe(w)} in namespace ${w.namespace} matches this selector, but a Service selects only Pods of its own namespace (${s.namespace})`;
            if (!titles.has(title)) {
              titles.add(title);
              out.push({ title, kind: 'quickfix', diagnostics: fixes, edits: {}, disabled: `Move the Service to namespace ${w.namespace}, or the workload to ${s.namespace}.` });
            }
          }
          continue;
        }
        const missing = missingPairs(selector, labels);
        if (missing.length !== 1) continue;
        const m = missing[0]!;
        const has = labels?.entries.find((l) => l.key === m.key);
        const map = ed.map(spanOf(selector));
        let edit: TextEdit | undefined;
        let title: string;
        if (has) {
          edit = ed.replaceScalar(ed.nodeAt(selectorValueSpan(selector.entries, m.key)!, 'scalar'), has.value);
          title = `Change selector ${m.key}: ${m.value} to ${m.key}: ${has.value} (matches ${describe(w)})`;
        } else {
          if (selector.entries.length < 2 || !map) continue;
          edit = ed.removePair(map, m.key);
          title = `Remove ${m.key}: ${m.value} from the selector (then it matches ${describe(w)}: ${formatLabels(selector.entries.filter((x) => x.key !== m.key))})`;
        }
        if (!edit || titles.has(title)) continue;
        titles.add(title);
        out.push({ title, kind: 'quickfix', diagnostics: fixes, edits: { [s.uri]: [edit] } });
      }
    }
  }
  return out;
}

function selectorValueSpan(entries: readonly LabelEntry[], key: string) {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key === key) return valueSpanOf(entries[i]!);
  return undefined;
}
